package dev.jsonstream.samples.server;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Bodies for {@code POST /orders} in which one early order does not bind: a line's {@code "qty"} holds
 * {@code "many"}, not an integer. The server must answer 422 with the JSON Pointer of that member, at once, while
 * the orders after it are still on their way.
 */
final class OrdersJson {
    private static final String[] CURRENCIES = {"EUR", "USD", "JPY"};

    /** A body and the pointer of the member that does not bind. */
    record Unbindable(byte[] bytes, String pointer) {
        /** The server's whole answer, byte for byte ({@code OrdersConsumer.unbound}). */
        String problem() {
            return "{\"type\":\"about:blank\",\"title\":\"Unprocessable Content\",\"status\":422,\"detail\":\"the member"
                    + " at " + pointer + " must hold an integer\",\"pointer\":\"" + pointer + "\"}";
        }
    }

    private OrdersJson() {
    }

    /**
     * About {@code size} bytes of orders (at least up to the bad one), the bad one among the first four, on a random
     * line of it; members in random order, some unknown ones (the binding ignores those), some whitespace.
     */
    static Unbindable withUnboundQty(Random random, int size) {
        int badOrder = random.nextInt(4);
        String pointer = null;
        StringBuilder sb = new StringBuilder(size + 512).append("{\"orders\":[");
        for (int i = 0; i <= badOrder || sb.length() < size; i++) {
            sb.append(i == 0 ? "" : random.nextInt(4) == 0 ? ",\n  " : ",");
            int lines = 1 + random.nextInt(4);
            int badLine = i == badOrder ? random.nextInt(lines) : -1;
            sb.append("{\"id\":\"o").append(i).append("\",\"currency\":\"").append(CURRENCIES[random.nextInt(3)])
                    .append('"');
            if (random.nextInt(3) == 0) {
                sb.append(",\"note\":{\"gift\":").append(random.nextBoolean()).append(",\"tags\":[\"a\",1,null]}");
            }
            sb.append(",\"lines\":[");
            for (int j = 0; j < lines; j++) {
                String qty;
                if (j == badLine) {
                    qty = "\"qty\":\"many\"";
                    pointer = "/orders/" + i + "/lines/" + j + "/qty";
                } else {
                    qty = "\"qty\":" + (1 + random.nextInt(20));
                }
                String sku = "\"sku\":\"s" + random.nextInt(100_000) + "\"";
                String price = "\"price\":" + random.nextInt(1_000) + "." + random.nextInt(10) + (1 + random.nextInt(9));
                sb.append(j == 0 ? "{" : ", {").append(random.nextBoolean() ? sku + "," + qty : qty + "," + sku)
                        .append(',').append(price).append('}');
            }
            sb.append("]}");
        }
        sb.append("]}");
        return new Unbindable(sb.toString().getBytes(StandardCharsets.UTF_8), pointer);
    }
}

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The design a team reaches for first in 2026: Undertow dispatching each request to a virtual thread, and Jackson's
 * blocking parser on the request's InputStream. Every POST answers {"tokens":N}, as the sample server's
 * /baseline/blocking does on Undertow's worker pool. Same buffers as the sample server (16 KiB, direct).
 *
 * <p>Java 21+ (virtual threads), while the project is built for 17: run.sh uploads compiles this one file with the
 * newest JDK it finds, against the sample server's jar (Undertow, Jackson). Usage: VirtualThreadBaseline PORT.
 */
public final class VirtualThreadBaseline {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
        JsonFactory json = new JsonFactory();
        HttpHandler countTokens = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(virtualThreads, this);
                    return;
                }
                exchange.startBlocking();
                long tokens = 0;
                try (InputStream in = exchange.getInputStream(); JsonParser p = json.createParser(in)) {
                    while (p.nextToken() != null) {
                        tokens++;
                    }
                } catch (IOException e) {
                    exchange.setStatusCode(400);
                    exchange.getResponseSender().send(String.valueOf(e.getMessage()));
                    return;
                }
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                exchange.getResponseSender().send("{\"tokens\":" + tokens + "}");
            }
        };
        Undertow.builder()
                .setByteBufferPool(new DefaultByteBufferPool(true, 16 * 1024))
                .addHttpListener(port, "127.0.0.1", countTokens)
                .build()
                .start();
        System.out.println("virtual-thread baseline listening on http://127.0.0.1:" + port + "/");
    }
}

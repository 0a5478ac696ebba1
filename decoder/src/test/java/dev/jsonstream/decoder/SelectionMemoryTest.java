package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/**
 * Selecting {@code /items/*} out of a generated body of 1 GiB (made on the fly, never stored) takes no more heap
 * than out of 64 MiB: retained heap is sampled after a full GC every 64 MiB of input, at both sizes, and the
 * largest samples are compared. Allocation per selected element is reported too (it is per element, not per byte
 * of body held).
 */
class SelectionMemoryTest {
    private static final long MIB = 1 << 20;

    /** Writes {"items":[{"id":0,"name":"item-0","tags":["a","b"],"price":12.5},...]} of about the given size. */
    static final class ItemsBody {
        private final long targetBytes;
        private long produced;
        private long next;
        private boolean closed;
        private final byte[] element = new byte[128];

        ItemsBody(long targetBytes) {
            this.targetBytes = targetBytes;
        }

        /** Fills {@code buf} from 0; returns the length, or -1 at the end. */
        int fill(byte[] buf) {
            if (closed) {
                return -1;
            }
            int n = 0;
            if (produced == 0) {
                n = put(buf, n, "{\"items\":[");
            }
            while (n + element.length + 8 <= buf.length) {
                if (produced + n >= targetBytes) {
                    n = put(buf, n, "]}\n");
                    closed = true;
                    break;
                }
                int len = element(next++);
                if (next > 1) {
                    buf[n++] = ',';
                }
                System.arraycopy(element, 0, buf, n, len);
                n += len;
            }
            produced += n;
            return n;
        }

        private int element(long id) {
            int n = put(element, 0, "{\"id\":");
            n = putLong(element, n, id);
            n = put(element, n, ",\"name\":\"item-");
            n = putLong(element, n, id);
            n = put(element, n, "\",\"tags\":[\"a\",\"b\"],\"price\":12.5}");
            return n;
        }

        private static int put(byte[] b, int at, String ascii) {
            for (int i = 0; i < ascii.length(); i++) {
                b[at++] = (byte) ascii.charAt(i);
            }
            return at;
        }

        private static int putLong(byte[] b, int at, long v) {
            String s = Long.toString(v);
            return put(b, at, s);
        }

        long elements() {
            return next;
        }

        long bytes() {
            return produced;
        }
    }

    record Run(long bytes, long elements, long maxRetained, long allocatedPerElement) {
    }

    static Run select(long size) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] seen = {0, 0};
        Selection items = Selection.builder().raw("/items/*", m -> {
            seen[0]++;
            seen[1] += m.bytes().remaining();
        }).build();
        ItemsBody body = new ItemsBody(size);
        byte[] buf = new byte[64 * 1024];
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        long maxRetained = 0;
        long nextSample = 0;
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        JsonDecoder decoder = DecoderConfig.defaults().newDecoder(items);
        int n;
        while ((n = body.fill(buf)) > 0) {
            decoder.feed(buf, 0, n);
            if (body.bytes() >= nextSample) {
                nextSample += 64 * MIB;
                System.gc();
                maxRetained = Math.max(maxRetained, memory.getHeapMemoryUsage().getUsed() - baseline);
            }
        }
        decoder.end();
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertThat(seen[0]).isEqualTo(body.elements());
        return new Run(body.bytes(), seen[0], maxRetained, allocated / Math.max(1, seen[0]));
    }

    @Test
    void heapDoesNotGrowWithTheBody() {
        select(8 * MIB); // warm up
        Run small = select(64 * MIB);
        Run large = select(1024 * MIB);
        System.out.printf("[selection memory] %,d bytes, %,d elements: max retained %,d bytes, %,d bytes allocated"
                + " per element%n", small.bytes(), small.elements(), small.maxRetained(), small.allocatedPerElement());
        System.out.printf("[selection memory] %,d bytes, %,d elements: max retained %,d bytes, %,d bytes allocated"
                + " per element%n", large.bytes(), large.elements(), large.maxRetained(), large.allocatedPerElement());
        assertThat(large.bytes()).isGreaterThanOrEqualTo(1024 * MIB);
        // 16 times the body, the same heap (within GC noise of 4 MiB).
        assertThat(large.maxRetained() - small.maxRetained()).isLessThan(4 * MIB);
        assertThat(large.maxRetained()).isLessThan(16 * MIB);
        // What is allocated is per element: it does not grow with the body. Only an upper bound: on a busy
        // machine the compiler may finish its escape analysis late in the smaller run, which then allocates
        // more per element than the larger one (CI once saw 312 against 152 bytes).
        assertThat((double) large.allocatedPerElement()).isLessThanOrEqualTo(1.5 * small.allocatedPerElement() + 16);
    }
}

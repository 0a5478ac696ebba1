package dev.jsonstream.http;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A buffer pool that counts: buffers handed out and not yet given back, buffers given back twice, and all buffers
 * handed out. Its array-backed pool is wrapped too and shares the counters, so every buffer Undertow takes
 * (HTTP/1.1 or HTTP/2, direct or heap) is counted. Public, in this module's test-jar, for the sample server's soak.
 */
public final class CountingPool implements ByteBufferPool {
    public final AtomicLong outstanding;
    public final AtomicLong doubleCloses;
    public final AtomicLong allocated;
    private final ByteBufferPool delegate;
    private final ByteBufferPool arrayBacked;

    public CountingPool(ByteBufferPool delegate) {
        this(delegate, new AtomicLong(), new AtomicLong(), new AtomicLong(), false);
    }

    private CountingPool(ByteBufferPool delegate, AtomicLong outstanding, AtomicLong doubleCloses,
            AtomicLong allocated, boolean isArrayBacked) {
        this.delegate = delegate;
        this.outstanding = outstanding;
        this.doubleCloses = doubleCloses;
        this.allocated = allocated;
        ByteBufferPool inner = delegate.getArrayBackedPool();
        this.arrayBacked = isArrayBacked || inner == delegate ? this
                : new CountingPool(inner, outstanding, doubleCloses, allocated, true);
    }

    @Override
    public PooledByteBuffer allocate() {
        PooledByteBuffer pooled = delegate.allocate();
        outstanding.incrementAndGet();
        allocated.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return new PooledByteBuffer() {
            @Override
            public ByteBuffer getBuffer() {
                return pooled.getBuffer();
            }

            /** Gives the buffer back to the real pool only on its first close; counts any later one. */
            @Override
            public void close() {
                if (closed.compareAndSet(false, true)) {
                    outstanding.decrementAndGet();
                    pooled.close();
                } else {
                    doubleCloses.incrementAndGet();
                }
            }

            @Override
            public boolean isOpen() {
                return !closed.get();
            }
        };
    }

    @Override
    public ByteBufferPool getArrayBackedPool() {
        return arrayBacked;
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public int getBufferSize() {
        return delegate.getBufferSize();
    }

    @Override
    public boolean isDirect() {
        return delegate.isDirect();
    }
}

package dev.jsonstream.samples.server;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ByteBufferPool} wrapper that counts the buffers it has handed out and not had back yet, the buffers
 * given back twice, and all buffers handed out. Its array-backed pool is wrapped too and shares the counters, so
 * every buffer Undertow takes (HTTP/1.1 or HTTP/2, direct or heap) is counted.
 */
final class CountingBufferPool implements ByteBufferPool {
    final AtomicLong outstanding;
    final AtomicLong doubleCloses;
    final AtomicLong allocated;
    private final ByteBufferPool delegate;
    private final ByteBufferPool arrayBacked;

    CountingBufferPool(ByteBufferPool delegate) {
        this(delegate, new AtomicLong(), new AtomicLong(), new AtomicLong(), false);
    }

    private CountingBufferPool(ByteBufferPool delegate, AtomicLong outstanding, AtomicLong doubleCloses,
            AtomicLong allocated, boolean isArrayBacked) {
        this.delegate = delegate;
        this.outstanding = outstanding;
        this.doubleCloses = doubleCloses;
        this.allocated = allocated;
        ByteBufferPool inner = delegate.getArrayBackedPool();
        this.arrayBacked = isArrayBacked || inner == delegate ? this
                : new CountingBufferPool(inner, outstanding, doubleCloses, allocated, true);
    }

    @Override
    public PooledByteBuffer allocate() {
        PooledByteBuffer pooled = delegate.allocate();
        outstanding.incrementAndGet();
        allocated.incrementAndGet();
        return new CountedBuffer(pooled);
    }

    /** Gives the buffer back to the real pool only on its first close; counts any later one. */
    private final class CountedBuffer implements PooledByteBuffer {
        private final PooledByteBuffer pooled;
        private final AtomicBoolean closed = new AtomicBoolean();

        CountedBuffer(PooledByteBuffer pooled) {
            this.pooled = pooled;
        }

        @Override
        public ByteBuffer getBuffer() {
            return pooled.getBuffer();
        }

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

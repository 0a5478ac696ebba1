package dev.jsonstream.http;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A buffer pool that counts: buffers handed out and not yet given back, and buffers given back twice. Wraps the
 * array-backed pool too, so every buffer Undertow takes is counted.
 */
final class CountingPool implements ByteBufferPool {
    final AtomicInteger outstanding;
    final AtomicInteger doubleCloses;
    private final ByteBufferPool delegate;
    private final CountingPool arrayBacked;

    CountingPool(ByteBufferPool delegate) {
        this(delegate, new AtomicInteger(), new AtomicInteger());
    }

    private CountingPool(ByteBufferPool delegate, AtomicInteger outstanding, AtomicInteger doubleCloses) {
        this.delegate = delegate;
        this.outstanding = outstanding;
        this.doubleCloses = doubleCloses;
        ByteBufferPool inner = delegate.getArrayBackedPool();
        this.arrayBacked = inner == delegate ? this : new CountingPool(inner, outstanding, doubleCloses, true);
    }

    private CountingPool(ByteBufferPool delegate, AtomicInteger outstanding, AtomicInteger doubleCloses,
            boolean leaf) {
        this.delegate = delegate;
        this.outstanding = outstanding;
        this.doubleCloses = doubleCloses;
        this.arrayBacked = this;
    }

    @Override
    public PooledByteBuffer allocate() {
        PooledByteBuffer pooled = delegate.allocate();
        outstanding.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return new PooledByteBuffer() {
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

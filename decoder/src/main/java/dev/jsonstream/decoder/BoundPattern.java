package dev.jsonstream.decoder;

import java.io.IOException;

/** A bound pattern's binder and handler, kept together so that the item's type is checked once, where they meet. */
final class BoundPattern<T> {
    final ValueBinder<? extends T> binder;
    private final BoundHandler<? super T> handler;

    BoundPattern(ValueBinder<? extends T> binder, BoundHandler<? super T> handler) {
        this.binder = binder;
        this.handler = handler;
    }

    /** Hands over one value's outcome: the item, or what the binder threw. */
    @SuppressWarnings("unchecked")
    void deliver(Match match, Object item, Exception failure) throws IOException {
        if (failure != null) {
            handler.onFailure(match, failure);
        } else {
            handler.onBound(match, (T) item); // made by this pattern's binder, which returns a T
        }
    }
}

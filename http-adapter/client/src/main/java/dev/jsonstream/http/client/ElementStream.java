package dev.jsonstream.http.client;

import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy, sequential {@link Stream} of the elements of one response, taken from its {@link BoundElements} as the
 * stream is consumed: waiting for the next element blocks the consumer's thread, and closing the stream closes the
 * response.
 */
final class ElementStream {
    private ElementStream() {
    }

    static <T> Stream<T> of(BoundElements<T> elements) {
        Spliterator<T> spliterator = new Spliterators.AbstractSpliterator<T>(Long.MAX_VALUE, Spliterator.ORDERED) {
            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                Object next = elements.take();
                if (next == BoundElements.END) {
                    return false;
                }
                @SuppressWarnings("unchecked")
                T element = (T) next;
                action.accept(element);
                return true;
            }
        };
        return StreamSupport.stream(spliterator, false).onClose(elements::close);
    }
}

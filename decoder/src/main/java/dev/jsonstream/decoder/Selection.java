package dev.jsonstream.decoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Picks values out of a streaming body by {@link PathPattern}, in constant memory: each matching value is handed
 * over on its own, as soon as it ends, and nothing outside the matches is kept or turned into Strings.
 *
 * <pre>{@code
 * Selection items = Selection.builder()
 *         .bind("/items/*", p -> mapper.readValue(p, Item.class), (m, item) -> store(item)) // each element bound
 *         .raw("/blobs/*", m -> queue.send(m.toByteArray()))                 // each element's exact bytes
 *         .value("/meta", m -> System.out.println(m.value()))                 // a Map, List, String, ...
 *         .events("/audit/*", t -> System.out.println(t.kind() + " " + t.pointer())) // tokens, pointers relative
 *         .build();
 * JsonDecoder decoder = DecoderConfig.defaults().newDecoder(items);
 * }</pre>
 *
 * <p>Forms: BOUND turns each value into an item with a {@link ValueBinder} (jackson-databind, say), reading it in
 * place from the decoder's own parser so that its bytes are parsed once; RAW gives the value's exact input bytes
 * (byte-identical even when it spanned many buffers; held while the value arrives, up to
 * {@link Limit#MAX_CAPTURE_BYTES}); VALUE gives plain Java objects built from the tokens;
 * EVENTS streams the value's own tokens to a {@link TokenHandler} as if it were a root value: pointers and depths
 * relative to the match, byte offsets, lines and columns those of the input, and an {@code END_ROOT} after its
 * last token; LOCATED gives only where the value was (pointer, index, offsets), holding nothing.
 *
 * <p>Nesting: a pattern does not match inside a value it is already matching (the outermost match wins, so
 * {@code /**} hands over the root value once, not every value in it). Different patterns are independent: each
 * sees its own matches, also inside another pattern's. Matches are handed over when they end, so a value inside
 * another pattern's match comes first.
 *
 * <p>Limits: each captured value may have at most {@link Limit#MAX_CAPTURE_BYTES} bytes and
 * {@link Limit#MAX_CAPTURE_TOKENS} tokens (set them on the {@link DecoderConfig}), with the usual
 * {@link JsonDecodeException} at the value's first byte. Works in every {@link Framing} (a new root value starts
 * from the root again) and with pausing.
 *
 * <p>A Selection holds the state of one body: build one per decoder (compiled {@link PathPattern}s can be shared).
 */
public final class Selection implements TokenHandler {
    /** How a pattern's matches are handed over. */
    enum Form { RAW, VALUE, EVENTS, LOCATED, BOUND }

    private final Selector selector;

    private Selection(Builder b) {
        this.selector = new Selector(b.patterns.toArray(new PathPattern[0]), b.forms.toArray(new Form[0]),
                b.handlers.toArray(new Object[0]), b.exactDecimals);
    }

    /**
     * A new builder, without patterns.
     *
     * @return a builder to add at least one pattern to before {@link Builder#build()}
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onToken(TokenCursor token) {
        selector.onToken(token);
    }

    /** What the decoder this selection is given to works with; a selection serves one decoder. */
    CaptureClient captureClient() {
        return selector;
    }

    /** Collects patterns and what to do with their matches. */
    public static final class Builder {
        private final List<PathPattern> patterns = new ArrayList<>();
        private final List<Form> forms = new ArrayList<>();
        private final List<Object> handlers = new ArrayList<>();
        private boolean exactDecimals;

        private Builder() {
        }

        /**
         * Each value matching {@code pattern} bound to an item by {@code binder}, and the item handed to
         * {@code handler} when the value ends. The fastest way to bind the elements of a large upload:
         * {@code bind("/items/*", p -> mapper.readValue(p, Item.class), (m, item) -> store(item))}.
         *
         * <p>The binder reads the decoder's own parser, bounded to the value, while the value is decoded: the value
         * is parsed once, and every token it reads goes through the decoder's limits and counts. When the input fed
         * so far ends inside the value, that try is abandoned and the value is bound again from its kept bytes once
         * it has arrived whole (up to {@link Limit#MAX_CAPTURE_BYTES}), those bytes parsed a second time; so the
         * binder must be a pure function of its tokens ({@link ValueBinder}), and everything else belongs in the
         * handler, which is called once per value.
         * The items, the failures and the pointers are the same however the input is split.
         *
         * <p>Pausing: a pause asked for while a value is read in place (by another pattern's handler) takes effect
         * after that value.
         *
         * @param <T> the item
         * @param pattern a path pattern as {@link PathPattern} describes it, compiled here
         * @param binder turns one value into an item; pure, as {@link ValueBinder} explains; not null
         * @param handler receives each item, or the binder's failure, once the value has ended; not null
         * @return this builder
         * @throws PathPatternException if the pattern is not valid
         */
        public <T> Builder bind(String pattern, ValueBinder<? extends T> binder, BoundHandler<? super T> handler) {
            return bind(PathPattern.compile(pattern), binder, handler);
        }

        /**
         * As {@link #bind(String, ValueBinder, BoundHandler)}, with a compiled pattern.
         *
         * @param <T> the item
         * @param pattern the compiled pattern, which selections may share; not null
         * @param binder turns one value into an item; pure; not null
         * @param handler receives each item, or the binder's failure, once the value has ended; not null
         * @return this builder
         */
        public <T> Builder bind(PathPattern pattern, ValueBinder<? extends T> binder,
                BoundHandler<? super T> handler) {
            return add(pattern, Form.BOUND, new BoundPattern<T>(Objects.requireNonNull(binder, "binder"),
                    Objects.requireNonNull(handler, "handler")));
        }

        /**
         * Each value matching {@code pattern} as its exact input bytes ({@link Match#bytes()}).
         *
         * @param pattern a path pattern as {@link PathPattern} describes it, compiled here
         * @param handler called with each match, once the value has ended; not null
         * @return this builder
         * @throws PathPatternException if the pattern is not valid
         */
        public Builder raw(String pattern, MatchHandler handler) {
            return add(PathPattern.compile(pattern), Form.RAW, handler);
        }

        /**
         * Each value matching a compiled {@code pattern} as its exact input bytes ({@link Match#bytes()}).
         *
         * @param pattern the compiled pattern, which selections may share; not null
         * @param handler called with each match, once the value has ended; not null
         * @return this builder
         */
        public Builder raw(PathPattern pattern, MatchHandler handler) {
            return add(pattern, Form.RAW, handler);
        }

        /**
         * Each value matching {@code pattern} as plain Java objects ({@link Match#value()}).
         *
         * @param pattern a path pattern as {@link PathPattern} describes it, compiled here
         * @param handler called with each match, once the value has ended; not null
         * @return this builder
         * @throws PathPatternException if the pattern is not valid
         */
        public Builder value(String pattern, MatchHandler handler) {
            return add(PathPattern.compile(pattern), Form.VALUE, handler);
        }

        /**
         * Each value matching a compiled {@code pattern} as plain Java objects ({@link Match#value()}).
         *
         * @param pattern the compiled pattern, which selections may share; not null
         * @param handler called with each match, once the value has ended; not null
         * @return this builder
         */
        public Builder value(PathPattern pattern, MatchHandler handler) {
            return add(pattern, Form.VALUE, handler);
        }

        /**
         * Each value matching {@code pattern} as its own tokens, pointers relative to the match.
         *
         * @param pattern a path pattern as {@link PathPattern} describes it, compiled here
         * @param handler receives each match's tokens as they arrive, then an {@code END_ROOT}; its
         *     {@link TokenCursor#rootIndex()} is the match's index; not null
         * @return this builder
         * @throws PathPatternException if the pattern is not valid
         */
        public Builder events(String pattern, TokenHandler handler) {
            return add(PathPattern.compile(pattern), Form.EVENTS, handler);
        }

        /**
         * Each value matching a compiled {@code pattern} as its own tokens, pointers relative to the match.
         *
         * @param pattern the compiled pattern, which selections may share; not null
         * @param handler receives each match's tokens as they arrive, then an {@code END_ROOT}; its
         *     {@link TokenCursor#rootIndex()} is the match's index; not null
         * @return this builder
         */
        public Builder events(PathPattern pattern, TokenHandler handler) {
            return add(pattern, Form.EVENTS, handler);
        }

        /**
         * Each value matching {@code pattern}, located only: its pointer, index and byte offsets ({@link Match}),
         * nothing kept and nothing built. The cheapest way to count or index matches: {@code index() + 1} is the
         * count so far. The capture limits do not apply, since nothing is held; a number also gives
         * {@link Match#decimalValue()}.
         *
         * @param pattern a {@link PathPattern} in its text form
         * @param handler told of each match, on the decoding thread
         * @return this builder
         * @throws PathPatternException when the pattern is not valid
         */
        public Builder located(String pattern, MatchHandler handler) {
            return add(PathPattern.compile(pattern), Form.LOCATED, handler);
        }

        /**
         * As {@link #located(String, MatchHandler)}, with a compiled pattern.
         *
         * @param pattern the pattern
         * @param handler told of each match, on the decoding thread
         * @return this builder
         */
        public Builder located(PathPattern pattern, MatchHandler handler) {
            return add(pattern, Form.LOCATED, handler);
        }

        /**
         * VALUE matches: fractional and exponent numbers as {@code BigDecimal} (exact) instead of {@code Double}.
         *
         * @param exact true for {@code BigDecimal}, false (the default) for {@code Double}; applies to every VALUE
         *     pattern of the selection, and never to integers, which are {@code Long} or {@code BigInteger}
         * @return this builder
         */
        public Builder exactDecimals(boolean exact) {
            this.exactDecimals = exact;
            return this;
        }

        private Builder add(PathPattern pattern, Form form, Object handler) {
            patterns.add(Objects.requireNonNull(pattern, "pattern"));
            forms.add(form);
            handlers.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * A selection of the patterns added so far. The builder may build again: one selection per body.
         *
         * @return a new selection, to give to one {@link DecoderConfig#newDecoder(TokenHandler)}
         * @throws IllegalStateException if no pattern was added
         */
        public Selection build() {
            if (patterns.isEmpty()) {
                throw new IllegalStateException("a selection needs at least one pattern");
            }
            return new Selection(this);
        }
    }
}

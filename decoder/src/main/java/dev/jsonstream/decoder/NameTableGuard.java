package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;

/**
 * Keeps Jackson's member-name table useful and harmless for one body.
 *
 * <p>Why: a canonical name costs nothing when it repeats (no decoding, no String), which is most JSON, and what keeps
 * tokens-only decoding free of allocation. But a body keyed by ids adds every name to the table, which grows,
 * rehashes and clears itself over and over (long names are copied into an area that grows by a few KB at a time);
 * and names built to collide, which anyone can make whatever the table's seed, fill chains that every lookup walks
 * (ten to a hundred times slower). So the guard looks at the table every few names, and the first time it holds too
 * many names, too many spilled out of their hash places, or too many characters of long names, the parser stops
 * canonicalizing for the rest of the body: each later name is a new String, Jackson's cost without a table, whatever
 * the names are. Jackson's own refusal of a body on collisions ({@code FAIL_ON_SYMBOL_HASH_OVERFLOW}) is off: a
 * valid body is never refused for its names.
 *
 * <p>The bounds count what this body adds: a parser's table starts as a copy of the config's shared one, into which
 * Jackson merges the parser's table when it is released (at the end of the input, or on close). So that the shared
 * table stays small (every body copies it on its first new name), a table that holds more than
 * {@link #MAX_SHARED_NAMES} is not given back ({@link #beforeRelease()}), and neither is the table of a body that
 * failed ({@link #discard()}).
 *
 * <p>The guard also tells the decoder which names are new ({@link #nameIsNew()}): the table grew, or names are not
 * canonical. Only those need the decoder's name checks, since every name in a config's tables was checked when it
 * was added: the shared table takes names only from bodies that ended well, and those checked each name they added.
 * A repeated name then costs one comparison, not a look at its String.
 */
final class NameTableGuard {
    /** Distinct names a body may add to its table; bodies with more are keyed by data, not by a schema. */
    static final int MAX_NAMES = 1024;
    /** Names the config's shared table may receive from a body's (about 64 KB of table). */
    static final int MAX_SHARED_NAMES = 1024;
    /**
     * Names in the table's spill-over list, which every lookup that gets there walks. Ordinary names stay in the
     * primary, secondary and tertiary places (at most about 12% beyond the first two, measured for 50 to 2,000
     * random names); names that collide fill their tertiary bucket (4 to 16 places at these sizes) and then spill.
     * So a colliding chain stops at about 2 + 16 + 16 entries, whatever the body does next.
     *
     * <p>Random names spill too, rarely, when the table is large: with 768 names shared and 768 added, 1% of seeds
     * spill more than 11, and the worst of 1,000 spilled 83; about one such body in 300 stops here although nothing
     * collides. That body decodes the same, only without canonical names (about 20% slower where they repeat).
     * The bound stays tight all the same: a looser one lets colliding names make every lookup of the deepest of
     * them walk that many entries.
     */
    static final int MAX_SPILLED = 16;
    /** Characters of names longer than {@link #LONG_NAME}, over which the table stops growing. */
    static final long MAX_LONG_NAME_CHARS = 1 << 16;
    static final int LONG_NAME = 64;

    /** The parser whose table is watched; null when the config does not canonicalize (nothing to guard). */
    private final DecoderJsonFactory.NameTables parser;
    /** The shared table's names and spilled names, which the parser's table started with. */
    private final int sharedNames;
    private final int sharedSpilled;
    /** The table's size when last looked at: a larger one means the last name was added. */
    private int knownSize;
    private long longNameChars;
    private boolean stopped;

    NameTableGuard(DecoderJsonFactory.NameTables parser) {
        this.parser = parser;
        this.stopped = parser == null;
        this.sharedNames = parser == null ? 0 : parser.nameTable().size();
        this.sharedSpilled = parser == null ? 0 : parser.nameTable().spilloverCount();
        this.knownSize = sharedNames;
    }

    /**
     * Whether the member name just read was not in the table before (it was added, or names are not canonical
     * here): only such a name needs checking. Per name, so one field read and a comparison.
     */
    boolean nameIsNew() {
        if (stopped) {
            return true;
        }
        int size = parser.nameTable().size();
        if (size == knownSize) {
            return false;
        }
        knownSize = size;
        return true;
    }

    /** A new member name of {@code length} characters was read (see {@link #nameIsNew()}), and accepted. */
    void nameAdded(int length) {
        if (stopped) {
            return;
        }
        if (length > LONG_NAME && (longNameChars += length) > MAX_LONG_NAME_CHARS) {
            stop();
            return;
        }
        ByteQuadsCanonicalizer table = parser.nameTable();
        if (table.size() - sharedNames > MAX_NAMES || table.spilloverCount() - sharedSpilled > MAX_SPILLED) {
            stop();
        }
    }

    /** The body failed: its table is not given back to the config's (a name in it may not have been checked). */
    void discard() {
        if (!stopped) {
            stop();
        }
    }

    /** The parser is about to give its table back to the config's: only a small one is taken. */
    void beforeRelease() {
        if (stopped) {
            return;
        }
        ByteQuadsCanonicalizer table = parser.nameTable();
        if (table.size() > MAX_SHARED_NAMES || table.spilloverCount() - sharedSpilled > MAX_SPILLED) {
            stop();
        }
    }

    private void stop() {
        parser.stopCanonicalizing();
        stopped = true;
    }

    /** Whether names are no longer canonicalized in this body. */
    boolean stopped() {
        return stopped;
    }
}

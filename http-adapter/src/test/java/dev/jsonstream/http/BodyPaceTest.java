package dev.jsonstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The 408 verdicts on a clock of the test's own: only the client's time is judged. */
class BodyPaceTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    /** 1024 bytes/s over 2 s windows, 10 s for the whole body. */
    private final BodyLimits limits = BodyLimits.defaults().withMinRate(1024, Duration.ofSeconds(2))
            .withBodyDeadline(Duration.ofSeconds(10));

    @Test
    void aTrickleGetsItsVerdictAtTheFirstWindowThatWasWhollyTheClients() {
        BodyPace pace = new BodyPace(limits, 0);
        long delay = pace.nextCheck(0);
        assertThat(delay).isEqualTo(2 * S);
        assertThat(pace.check(2 * S, 100, 0, false))
                .isEqualTo("the client sent 100 bytes in 2000 ms, below the minimum of 1024 bytes per second");
    }

    @Test
    void aSteadyClientKeepsItsTime() {
        BodyPace pace = new BodyPace(limits, 0);
        long now = 0;
        long bytes = 0;
        for (int i = 0; i < 4; i++) {
            now += pace.nextCheck(now);
            bytes += 2048;
            assertThat(pace.check(now, bytes, 0, false)).isNull();
        }
        assertThat(pace.chargedNanos()).isEqualTo(8 * S);
    }

    @Test
    void aCheckHeldUpByABusyIoThreadDoesNotJudgeTheWindowItMissed() {
        BodyPace pace = new BodyPace(limits, 0);
        pace.nextCheck(0);
        // Due at 2 s, run at 3.7 s with nothing read yet: the server was late, not the client.
        assertThat(pace.check(3_700 * MS, 0, 0, false)).isNull();
        assertThat(pace.chargedNanos()).as("only the time up to the due check is the client's").isEqualTo(2 * S);
        // The next, on time, window is judged again.
        long next = 3_700 * MS + pace.nextCheck(3_700 * MS);
        assertThat(pace.check(next, 10, 0, false)).startsWith("the client sent 10 bytes in 2000 ms");
    }

    @Test
    void aSlightlyLateCheckIsStillJudged() {
        BodyPace pace = new BodyPace(limits, 0);
        pace.nextCheck(0);
        assertThat(pace.check(2 * S + 50 * MS, 0, 0, false)).startsWith("the client sent 0 bytes in 2050 ms");
    }

    @Test
    void timeWithoutFlowControlCreditIsNotCounted() {
        BodyPace pace = new BodyPace(limits, 0);
        long now = 0;
        for (int i = 0; i < 20; i++) {
            now += pace.nextCheck(now);
            assertThat(pace.check(now, 0, 0, true)).isNull();
        }
        assertThat(pace.chargedNanos()).isZero();
    }

    @Test
    void pausedTimeIsNotCountedAndAPausedWindowIsNotJudged() {
        BodyPace pace = new BodyPace(limits, 0);
        long now = pace.nextCheck(0);
        assertThat(pace.check(now, 0, 1_500 * MS, false)).isNull();
        assertThat(pace.chargedNanos()).isEqualTo(500 * MS);
    }

    @Test
    void theDeadlineCountsTheClientsTimeInAll() {
        BodyPace pace = new BodyPace(limits.withMinRate(0, Duration.ofSeconds(2)), 0);
        long now = 0;
        String verdict = null;
        int checks = 0;
        while (verdict == null && checks < 100) {
            now += pace.nextCheck(now);
            verdict = pace.check(now, 1, 0, false);
            checks++;
        }
        assertThat(verdict).isEqualTo("the body did not arrive within 10000 ms");
        assertThat(now).isEqualTo(10 * S);
    }

    @Test
    void bytesReadJustAfterTheVerdictCountOnlyIfTheyMakeUpThePace() {
        BodyPace pace = new BodyPace(limits, 0);
        long now = pace.nextCheck(0);
        assertThat(pace.check(now, 100, 0, false)).isNotNull();
        assertThat(pace.lastIntervalPassesWith(10)).as("a trickle's next bytes do not save it").isFalse();
        assertThat(pace.lastIntervalPassesWith(2048)).as("a window's worth waiting in the socket does").isTrue();
        BodyPace deadline = new BodyPace(limits.withMinRate(0, Duration.ofSeconds(2)), 0);
        long t = 0;
        String verdict = null;
        while (verdict == null) {
            t += deadline.nextCheck(t);
            verdict = deadline.check(t, 1, 0, false);
        }
        assertThat(deadline.lastIntervalPassesWith(1 << 20)).as("never for the deadline").isFalse();
    }
}

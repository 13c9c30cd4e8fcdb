package dev.pds.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Tools some suites need from outside the build (Node 22 with the official atproto packages,
 * Chromium). On a developer's machine a missing tool skips the suite; under CI
 * ({@code CI=true}), whose {@code .ci/run} installs them first, it fails it, so a green CI
 * always means the interop suites really ran.
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String why = what + " is not installed (.ci/run installs it: ../shared/bench/setup.sh, apt-get install chromium)";
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
    }
}

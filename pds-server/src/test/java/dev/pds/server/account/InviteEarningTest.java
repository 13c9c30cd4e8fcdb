package dev.pds.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pds.core.syntax.Did;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference's rule for invite codes earned over time, case by case. */
class InviteEarningTest {
    static final Duration DAY = Duration.ofDays(1);
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    static final String ALICE = "did:plc:alice234567abcdefghijkl";

    static InviteStore.InviteCode code(String createdBy, Instant createdAt, int available, int used, boolean disabled) {
        List<InviteStore.Use> uses = new ArrayList<>();
        for (int i = 0; i < used; i++) {
            uses.add(new InviteStore.Use(Did.parse("did:plc:user" + i + "34567abcdefghijklm"), createdAt.plusSeconds(i)));
        }
        return new InviteStore.InviteCode("c" + createdAt.toEpochMilli() + createdBy.length(), available, disabled, ALICE, createdBy,
                createdAt, uses);
    }

    @Test
    void oneCodePerWholeIntervalOfTheAccountsLife() {
        assertEquals(0, InviteStore.codesToEarn(List.of(), CREATED, DAY, Instant.EPOCH, CREATED.plus(Duration.ofHours(23))));
        assertEquals(1, InviteStore.codesToEarn(List.of(), CREATED, DAY, Instant.EPOCH, CREATED.plus(DAY)));
        assertEquals(3, InviteStore.codesToEarn(List.of(), CREATED, DAY, Instant.EPOCH, CREATED.plus(DAY.multipliedBy(3)).plusSeconds(5)));
    }

    @Test
    void noMoreThanFiveUnusedAtOnce() {
        Instant now = CREATED.plus(DAY.multipliedBy(30));
        assertEquals(5, InviteStore.codesToEarn(List.of(), CREATED, DAY, Instant.EPOCH, now));
        List<InviteStore.InviteCode> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(code(ALICE, CREATED.plus(DAY.multipliedBy(i + 1)), 1, 0, false));
        }
        assertEquals(0, InviteStore.codesToEarn(five, CREATED, DAY, Instant.EPOCH, now));
        five.set(0, code(ALICE, CREATED.plus(DAY), 1, 1, false));
        assertEquals(1, InviteStore.codesToEarn(five, CREATED, DAY, Instant.EPOCH, now), "a used one makes room");
        five.set(1, code(ALICE, CREATED.plus(DAY.multipliedBy(2)), 1, 0, true));
        assertEquals(2, InviteStore.codesToEarn(five, CREATED, DAY, Instant.EPOCH, now), "so does a disabled one");
    }

    @Test
    void codesAlreadyEarnedCountAgainstTheAllowance() {
        Instant now = CREATED.plus(DAY.multipliedBy(3));
        List<InviteStore.InviteCode> used = List.of(code(ALICE, CREATED.plus(DAY), 1, 1, false),
                code(ALICE, CREATED.plus(DAY.multipliedBy(2)), 1, 1, false));
        assertEquals(1, InviteStore.codesToEarn(used, CREATED, DAY, Instant.EPOCH, now));
        List<InviteStore.InviteCode> more = new ArrayList<>(used);
        more.add(code(ALICE, now, 1, 1, false));
        more.add(code(ALICE, now, 1, 1, false));
        assertEquals(0, InviteStore.codesToEarn(more, CREATED, DAY, Instant.EPOCH, now), "never below zero");
    }

    @Test
    void theAdminsGiftsDoNotCount() {
        List<InviteStore.InviteCode> gifts = List.of(code("admin", CREATED, 10, 0, false), code("admin", CREATED.plusSeconds(1), 1, 0, false));
        assertEquals(2, InviteStore.codesToEarn(gifts, CREATED, DAY, Instant.EPOCH, CREATED.plus(DAY.multipliedBy(2))));
    }

    @Test
    void onlyTheTimeAfterTheEpochCounts() {
        Instant epoch = CREATED.plus(DAY.multipliedBy(7)).plus(Duration.ofHours(12));
        Instant now = CREATED.plus(DAY.multipliedBy(10));
        // ten intervals of life, seven of them wholly before the epoch
        assertEquals(3, InviteStore.codesToEarn(List.of(), CREATED, DAY, epoch, now));
        // codes earned before the epoch are not held against it; those after are
        List<InviteStore.InviteCode> codes = List.of(code(ALICE, CREATED.plus(DAY), 1, 1, false),
                code(ALICE, epoch.plusSeconds(1), 1, 1, false));
        assertEquals(2, InviteStore.codesToEarn(codes, CREATED, DAY, epoch, now));
        // an account made after the epoch counts from its creation
        assertEquals(2, InviteStore.codesToEarn(List.of(), now.minus(DAY.multipliedBy(2)), DAY, epoch, now));
    }
}

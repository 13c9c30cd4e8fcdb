package dev.pds.server.readafterwrite;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the caller wrote here after the rev an app view answered from: the profile when it
 * changed since, and the newest posts, oldest first. {@code currentProfile} is the profile
 * record as it is now, changed or not, for the author of local posts.
 */
public record LocalWrites(Optional<LocalRecord> profile, List<LocalRecord> posts, Optional<JsonNode> currentProfile) {
    public LocalWrites {
        Objects.requireNonNull(profile, "profile");
        posts = List.copyOf(posts);
        Objects.requireNonNull(currentProfile, "currentProfile");
    }

    /** How far behind the app view is: the age of the oldest write it has not seen, in milliseconds. */
    public long lagMillis(Instant now) {
        Instant oldest = profile.map(LocalRecord::indexedAt).orElse(null);
        for (LocalRecord post : posts) {
            if (oldest == null || post.indexedAt().isBefore(oldest)) {
                oldest = post.indexedAt();
            }
        }
        return oldest == null ? 0 : Math.max(0, now.toEpochMilli() - oldest.toEpochMilli());
    }
}

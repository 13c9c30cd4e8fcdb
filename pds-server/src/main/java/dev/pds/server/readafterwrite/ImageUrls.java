package dev.pds.server.readafterwrite;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a view points for an account's image: the app view's CDN when
 * {@code PDS_BSKY_APP_VIEW_CDN_URL_PATTERN} is set (three {@code %s}: the kind, such as
 * {@code avatar} or {@code feed_thumbnail}, the DID, the CID), else this server's getBlob.
 */
public record ImageUrls(Optional<String> cdnPattern, String publicUrl) {
    public ImageUrls {
        Objects.requireNonNull(cdnPattern, "cdnPattern");
        Objects.requireNonNull(publicUrl, "publicUrl");
    }

    public String url(String kind, String did, String cid) {
        if (cdnPattern.isPresent()) {
            String out = cdnPattern.get();
            for (String arg : new String[] {kind, did, cid}) {
                int at = out.indexOf("%s");
                if (at < 0) {
                    break;
                }
                out = out.substring(0, at) + arg + out.substring(at + 2);
            }
            return out;
        }
        return publicUrl.replaceAll("/+$", "") + "/xrpc/com.atproto.sync.getBlob?did="
                + URLEncoder.encode(did, StandardCharsets.UTF_8) + "&cid=" + URLEncoder.encode(cid, StandardCharsets.UTF_8);
    }

    /** The CID of a blob reference, in its current ({@code ref.$link}) or legacy ({@code cid}) form. */
    static Optional<String> blobCid(JsonNode blob) {
        if (blob == null || !blob.isObject()) {
            return Optional.empty();
        }
        JsonNode link = blob.path("ref").path("$link");
        if (link.isTextual()) {
            return Optional.of(link.asText());
        }
        JsonNode legacy = blob.path("cid");
        return legacy.isTextual() ? Optional.of(legacy.asText()) : Optional.empty();
    }
}

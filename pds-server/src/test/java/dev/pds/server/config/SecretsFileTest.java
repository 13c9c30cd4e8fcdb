package dev.pds.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsFileTest {
    private static final Pattern HEX_32_BYTES = Pattern.compile("[0-9a-f]{64}");

    @TempDir
    Path data;

    @Test
    void missingSecretsAreGeneratedOnceIntoAPrivateFile() throws IOException {
        ServerSecrets first = PdsConfig.fromEnvironment(env(), data).secrets();

        Path file = data.resolve(SecretsFile.FILE_NAME);
        assertTrue(Files.isRegularFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(HEX_32_BYTES.matcher(first.jwtSecret()).matches(), first.jwtSecret());
        assertTrue(HEX_32_BYTES.matcher(first.plcRotationKeyK256Hex()).matches());
        assertFalse(first.adminPassword().isBlank());
        assertNotEquals(first.jwtSecret(), first.adminPassword());
        assertFalse(Files.exists(data.resolve(SecretsFile.FILE_NAME + ".tmp")));
    }

    @Test
    void laterStartsReuseTheStoredSecrets() throws IOException {
        ServerSecrets first = PdsConfig.fromEnvironment(env(), data).secrets();
        String stored = Files.readString(data.resolve(SecretsFile.FILE_NAME));

        ServerSecrets second = PdsConfig.fromEnvironment(env(), data).secrets();

        assertEquals(first, second);
        assertEquals(stored, Files.readString(data.resolve(SecretsFile.FILE_NAME)), "file rewritten without need");
    }

    @Test
    void environmentWinsAndIsNotWrittenToTheFile() throws IOException {
        String key = "11".repeat(32);
        ServerSecrets secrets = PdsConfig.fromEnvironment(env(
                "PDS_JWT_SECRET", "from-env", "PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX", key.toUpperCase()), data)
                .secrets();

        assertEquals("from-env", secrets.jwtSecret());
        assertEquals(key, secrets.plcRotationKeyK256Hex());
        String file = Files.readString(data.resolve(SecretsFile.FILE_NAME));
        assertFalse(file.contains("from-env"));
        assertFalse(file.toLowerCase().contains(key));
        assertTrue(file.contains("adminPassword="), "the generated one is kept");
    }

    @Test
    void aSecretAddedLaterIsGeneratedWithoutChangingTheOthers() throws IOException {
        ServerSecrets withGivenAdmin = PdsConfig.fromEnvironment(env("PDS_ADMIN_PASSWORD", "given"), data).secrets();

        ServerSecrets afterwards = PdsConfig.fromEnvironment(env(), data).secrets();

        assertEquals(withGivenAdmin.jwtSecret(), afterwards.jwtSecret());
        assertEquals(withGivenAdmin.plcRotationKeyK256Hex(), afterwards.plcRotationKeyK256Hex());
        assertNotEquals("given", afterwards.adminPassword());
        assertEquals(afterwards, PdsConfig.fromEnvironment(env(), data).secrets());
    }

    @Test
    void aDamagedRotationKeyInTheFileIsReported() throws IOException {
        PdsConfig.fromEnvironment(env(), data);
        Path file = data.resolve(SecretsFile.FILE_NAME);
        String text = Files.readString(file).replaceAll("plcRotationKeyK256PrivateKeyHex=.*", "plcRotationKeyK256PrivateKeyHex=zz");
        Files.writeString(file, text);

        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> PdsConfig.fromEnvironment(env(), data));
        assertTrue(e.getMessage().contains("PLC_ROTATION_KEY"), e.getMessage());
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("PDS_DATA_DIRECTORY", data.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}

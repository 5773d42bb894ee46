package io.databroker.ops.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * How the CLI authenticates, from the environment or files only: a bearer token ({@code DATABROKER_OPS_TOKEN_FILE}
 * or {@code DATABROKER_OPS_TOKEN}), else HTTP basic from {@code --credentials FILE} / {@code DATABROKER_OPS_CREDENTIALS}
 * (one line {@code user:password}), else {@code DATABROKER_OPS_USER} with {@code DATABROKER_OPS_PASSWORD_FILE} or
 * {@code DATABROKER_OPS_PASSWORD}. None = calls go without credentials (only health answers then).
 *
 * @param authorization the {@code Authorization} header value, or null
 */
record Credentials(String authorization) {

    static Credentials resolve(Map<String, String> env, String credentialsFile) throws IOException {
        String token = secret(env, "DATABROKER_OPS_TOKEN");
        if (token != null) {
            return new Credentials("Bearer " + token);
        }
        String file = credentialsFile != null ? credentialsFile : blankToNull(env.get("DATABROKER_OPS_CREDENTIALS"));
        if (file != null) {
            String line = firstLine(Path.of(file));
            int colon = line == null ? -1 : line.indexOf(':');
            if (colon <= 0) {
                throw new OpsCli.UsageException(file + " must hold one line user:password");
            }
            return basic(line.substring(0, colon), line.substring(colon + 1));
        }
        String user = blankToNull(env.get("DATABROKER_OPS_USER"));
        String password = secret(env, "DATABROKER_OPS_PASSWORD");
        if (user != null && password != null) {
            return basic(user, password);
        }
        return new Credentials(null);
    }

    /** {@code NAME_FILE}'s first line, else {@code NAME}. */
    private static String secret(Map<String, String> env, String name) throws IOException {
        String file = blankToNull(env.get(name + "_FILE"));
        return file != null ? blankToNull(firstLine(Path.of(file))) : blankToNull(env.get(name));
    }

    private static Credentials basic(String user, String password) {
        return new Credentials("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static String firstLine(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse(null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return authorization == null ? "Credentials[none]" : "Credentials[" + authorization.substring(0, authorization.indexOf(' ')) + " ***]";
    }
}

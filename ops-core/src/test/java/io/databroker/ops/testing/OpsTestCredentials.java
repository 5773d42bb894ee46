package io.databroker.ops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.crypto.bcrypt.BCrypt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Real credentials for tests of the Operations API: a users file with one user per role (random passwords, bcrypt
 * hashed as in production) and an RSA key pair whose public half is a PEM file, to sign bearer JWTs.
 */
public final class OpsTestCredentials {

    /** A user of the users file and the password only the test knows. */
    public record TestUser(String name, String password, String role) {
    }

    private final Path usersFile;
    private final Path publicKeyFile;
    private final KeyPair keyPair;
    private final Map<String, TestUser> users;

    private OpsTestCredentials(Path usersFile, Path publicKeyFile, KeyPair keyPair, Map<String, TestUser> users) {
        this.usersFile = usersFile;
        this.publicKeyFile = publicKeyFile;
        this.keyPair = keyPair;
        this.users = users;
    }

    /** Writes {@code ops-users} and {@code ops-jwt.pem} into {@code dir}. */
    public static OpsTestCredentials create(Path dir) {
        try {
            Files.createDirectories(dir);
            Map<String, TestUser> users = Map.of(
                    "viewer", new TestUser("vera", secret("viewer"), "viewer"),
                    "operator", new TestUser("otto", secret("operator"), "operator"),
                    "admin", new TestUser("ada", secret("admin"), "admin"));
            StringBuilder lines = new StringBuilder("# test users\n");
            for (TestUser user : users.values()) {
                // Cost 4 keeps the tests quick; production hashes use the CLI's default.
                lines.append(user.name()).append(":{bcrypt}").append(BCrypt.hashpw(user.password(), BCrypt.gensalt(4)))
                        .append(':').append(user.role()).append('\n');
            }
            Path usersFile = Files.writeString(dir.resolve("ops-users"), lines, StandardCharsets.UTF_8);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keyPair = generator.generateKeyPair();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keyPair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Path publicKeyFile = Files.writeString(dir.resolve("ops-jwt.pem"), pem, StandardCharsets.US_ASCII);
            return new OpsTestCredentials(usersFile, publicKeyFile, keyPair, users);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String secret(String role) {
        return role + "-pw-" + UUID.randomUUID();
    }

    public Path usersFile() {
        return usersFile;
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** The user holding {@code role} (viewer, operator, admin). */
    public TestUser user(String role) {
        return users.get(role);
    }

    /** Every password of the users file: none may ever appear in a log. */
    public List<String> passwords() {
        return users.values().stream().map(TestUser::password).toList();
    }

    /** Spring properties that configure both the users file and the JWT key. */
    public Map<String, String> properties() {
        return Map.of("broker.ops.users-file", usersFile.toString(), "broker.ops.jwt-public-key", publicKeyFile.toString());
    }

    /** A bearer token for {@code subject} with {@code roles}, valid for an hour, signed with the test key. */
    public String jwt(String subject, List<String> roles) {
        return jwt(subject, roles, Instant.now().plusSeconds(3600), (RSAPrivateKey) keyPair.getPrivate());
    }

    /** A token signed with another key: must be refused. */
    public String jwtSignedByStranger(String subject, List<String> roles) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return jwt(subject, roles, Instant.now().plusSeconds(3600), (RSAPrivateKey) generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An expired token: must be refused. */
    public String expiredJwt(String subject, List<String> roles) {
        return jwt(subject, roles, Instant.now().minusSeconds(3600), (RSAPrivateKey) keyPair.getPrivate());
    }

    private static String jwt(String subject, List<String> roles, Instant expiry, RSAPrivateKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                    .subject(subject).claim("roles", roles).issueTime(java.util.Date.from(expiry.minusSeconds(7200)))
                    .expirationTime(java.util.Date.from(expiry)).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HTTP basic for {@code user}. */
    public static HttpRequest.Builder basic(HttpRequest.Builder request, String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return request.header("Authorization", "Basic " + token);
    }
}

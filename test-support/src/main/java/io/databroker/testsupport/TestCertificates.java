package io.databroker.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material made at test time with the JDK's {@code keytool} (nothing downloaded, nothing checked in): a CA, and a
 * server certificate it signed for {@code 127.0.0.1} and {@code localhost}. The server's key and chain come as a
 * PKCS12 keystore (for Kafka) and as PEM files (for Elasticsearch); clients get the CA as a PKCS12 truststore and as
 * a PEM file. Every password is random per instance, so a test can search logs for it.
 */
public final class TestCertificates {

    private static final String CA_ALIAS = "ca";
    private static final String SERVER_ALIAS = "server";

    private final Path dir;
    private final String keystorePassword;
    private final String truststorePassword;

    private TestCertificates(Path dir, String keystorePassword, String truststorePassword) {
        this.dir = dir;
        this.keystorePassword = keystorePassword;
        this.truststorePassword = truststorePassword;
    }

    /** Generates the CA, the server certificate and the stores into {@code dir} (created if missing). */
    public static TestCertificates generate(Path dir) {
        TestCertificates certs = new TestCertificates(dir.toAbsolutePath(), randomSecret(), randomSecret());
        certs.create();
        return certs;
    }

    /** 24 random bytes as URL-safe base64 (32 characters): unique enough to be searched for in logs. */
    public static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** PKCS12 keystore holding the server's key and its chain (server, CA). */
    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    /** Password of {@link #serverKeystore()} and of the key in it. */
    public String keystorePassword() {
        return keystorePassword;
    }

    /** PKCS12 truststore holding the CA certificate only. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    public String truststorePassword() {
        return truststorePassword;
    }

    /** The CA certificate, PEM. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The server's certificate chain (server, CA), PEM. */
    public Path serverChainPem() {
        return dir.resolve("server-chain.pem");
    }

    /** The server's private key, unencrypted PKCS#8 PEM. */
    public Path serverKeyPem() {
        return dir.resolve("server-key.pem");
    }

    /** SHA-256 fingerprint of the CA certificate, lower-case hex without colons. */
    public String caFingerprint() {
        try (InputStream in = Files.newInputStream(caPem())) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ca.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint " + caPem(), e);
        }
    }

    /** A client TLS context trusting only this CA (for the tests' own HTTPS calls). */
    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(truststore())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, truststorePassword.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context from " + truststore(), e);
        }
    }

    private void create() {
        try {
            Files.createDirectories(dir);
            Path caStore = dir.resolve("ca.p12");
            Path csr = dir.resolve("server.csr");
            Path serverCert = dir.resolve("server.crt");
            String caPassword = randomSecret();
            keytool("-genkeypair", "-alias", CA_ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                    "-dname", "CN=Data Broker test CA", "-ext", "bc:c", "-storetype", "PKCS12",
                    "-keystore", caStore.toString(), "-storepass", caPassword);
            keytool("-exportcert", "-rfc", "-alias", CA_ALIAS, "-keystore", caStore.toString(), "-storepass", caPassword,
                    "-file", caPem().toString());
            keytool("-genkeypair", "-alias", SERVER_ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                    "-dname", "CN=localhost", "-storetype", "PKCS12",
                    "-keystore", serverKeystore().toString(), "-storepass", keystorePassword);
            keytool("-certreq", "-alias", SERVER_ALIAS, "-keystore", serverKeystore().toString(),
                    "-storepass", keystorePassword, "-file", csr.toString());
            keytool("-gencert", "-rfc", "-alias", CA_ALIAS, "-keystore", caStore.toString(), "-storepass", caPassword,
                    "-infile", csr.toString(), "-outfile", serverCert.toString(), "-validity", "7",
                    "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth",
                    "-ext", "ku:c=digitalSignature,keyEncipherment");
            keytool("-importcert", "-noprompt", "-alias", CA_ALIAS, "-file", caPem().toString(),
                    "-keystore", serverKeystore().toString(), "-storepass", keystorePassword);
            keytool("-importcert", "-alias", SERVER_ALIAS, "-file", serverCert.toString(),
                    "-keystore", serverKeystore().toString(), "-storepass", keystorePassword);
            keytool("-importcert", "-noprompt", "-alias", CA_ALIAS, "-file", caPem().toString(), "-storetype", "PKCS12",
                    "-keystore", truststore().toString(), "-storepass", truststorePassword);
            writePem();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create test certificates in " + dir, e);
        }
    }

    /** The server key and chain as PEM, read back from the PKCS12 keystore (keytool cannot export private keys). */
    private void writePem() throws IOException {
        try (InputStream in = Files.newInputStream(serverKeystore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, keystorePassword.toCharArray());
            byte[] key = store.getKey(SERVER_ALIAS, keystorePassword.toCharArray()).getEncoded();
            Files.writeString(serverKeyPem(), pem("PRIVATE KEY", key), StandardCharsets.US_ASCII);
            List<String> chain = new ArrayList<>();
            for (Certificate certificate : store.getCertificateChain(SERVER_ALIAS)) {
                chain.add(pem("CERTIFICATE", ((X509Certificate) certificate).getEncoded()));
            }
            Files.writeString(serverChainPem(), String.join("", chain), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read back " + serverKeystore(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Path output = dir.resolve("keytool.out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + Files.readString(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running keytool", e);
        }
    }
}

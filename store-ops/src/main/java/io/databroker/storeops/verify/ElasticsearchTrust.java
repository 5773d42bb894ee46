package io.databroker.storeops.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust of an Elasticsearch connection (hot-writer's writer, cold-writer's verify reader): the CA
 * certificates of a PEM file, or the one CA certificate whose SHA-256 fingerprint is configured. Unlike the client's {@code TransportUtils.sslContextFromCaFingerprint} (which
 * accepts any chain whose last element matches), the fingerprint only picks the trust anchor: the chain the server
 * presents is then validated by the JDK's PKIX trust manager, signatures and validity included. Host names are
 * verified by the HTTP client as usual.
 */
public final class ElasticsearchTrust {

    private ElasticsearchTrust() {
    }

    /**
     * The configured trust: a PEM file of CA certificates ({@code ELASTICSEARCH_CA_CERT}) or a CA fingerprint
     * ({@code ELASTICSEARCH_CA_FINGERPRINT}); null when neither is set (the JVM's trust store).
     */
    public static SSLContext configured(String certificateAuthorities, String caFingerprint) {
        boolean pem = certificateAuthorities != null && !certificateAuthorities.isBlank();
        boolean fingerprint = caFingerprint != null && !caFingerprint.isBlank();
        if (pem && fingerprint) {
            throw new IllegalStateException("set either the Elasticsearch CA certificates (ELASTICSEARCH_CA_CERT) "
                    + "or the CA fingerprint (ELASTICSEARCH_CA_FINGERPRINT), not both");
        }
        if (fingerprint) {
            return fromCaFingerprint(caFingerprint);
        }
        return pem ? fromCertificateAuthorities(Path.of(certificateAuthorities.trim())) : null;
    }

    /** Trusts exactly the CA certificates in {@code pemFile} (one or more {@code BEGIN CERTIFICATE} blocks). */
    public static SSLContext fromCertificateAuthorities(Path pemFile) {
        List<X509Certificate> authorities;
        try (InputStream in = Files.newInputStream(pemFile)) {
            authorities = x509(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot read CA certificates from " + pemFile
                    + " (ELASTICSEARCH_CA_CERT): " + e.getMessage(), e);
        }
        if (authorities.isEmpty()) {
            throw new IllegalStateException("no certificate in " + pemFile
                    + " (ELASTICSEARCH_CA_CERT)");
        }
        return context(pkix(authorities));
    }

    /**
     * Trusts the CA certificate with this SHA-256 fingerprint (hex, upper or lower case, colons optional), found in
     * the chain the server presents.
     */
    public static SSLContext fromCaFingerprint(String fingerprint) {
        byte[] expected = parseFingerprint(fingerprint);
        return context(new FingerprintAnchoredTrustManager(expected));
    }

    /** SHA-256 of a certificate's DER encoding, lower-case hex without colons. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
        }
    }

    static byte[] parseFingerprint(String fingerprint) {
        String hex = fingerprint.replace(":", "").trim().toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalStateException("the Elasticsearch CA fingerprint (ELASTICSEARCH_CA_FINGERPRINT) must be a "
                    + "SHA-256 fingerprint: 64 hex digits, colons allowed");
        }
        return HexFormat.of().parseHex(hex);
    }

    private static X509TrustManager pkix(Collection<X509Certificate> authorities) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate authority : authorities) {
                store.setCertificateEntry("elasticsearch-ca-" + i++, authority);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK offers no X509TrustManager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store for Elasticsearch", e);
        }
    }

    private static SSLContext context(X509TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context for Elasticsearch", e);
        }
    }

    private static List<X509Certificate> x509(Collection<? extends Certificate> certificates) {
        List<X509Certificate> result = new ArrayList<>();
        for (Certificate certificate : certificates) {
            if (certificate instanceof X509Certificate x509) {
                result.add(x509);
            }
        }
        return result;
    }

    /** Picks the trust anchor from the presented chain by fingerprint, then validates the chain against it. */
    private static final class FingerprintAnchoredTrustManager implements X509TrustManager {

        private final byte[] expected;

        FingerprintAnchoredTrustManager(byte[] expected) {
            this.expected = expected;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            for (X509Certificate candidate : chain) {
                if (MessageDigest.isEqual(expected, HexFormat.of().parseHex(fingerprint(candidate)))) {
                    pkix(List.of(candidate)).checkServerTrusted(chain, authType);
                    return;
                }
            }
            throw new CertificateException("no certificate in the chain presented by Elasticsearch ("
                    + chain[0].getSubjectX500Principal() + ") has the configured CA fingerprint");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked by this trust manager");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

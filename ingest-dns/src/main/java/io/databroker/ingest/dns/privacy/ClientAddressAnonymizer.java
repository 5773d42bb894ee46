package io.databroker.ingest.dns.privacy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.databroker.ingest.dns.dns.ClientSubnet;
import io.databroker.ingest.dns.dns.IpAddressText;

/**
 * Applies the privacy setting to client addresses and to EDNS Client Subnet values (which carry the client's
 * network too). Thread-safe.
 */
public final class ClientAddressAnonymizer {

    private static final String HMAC = "HmacSHA256";
    /** 128 of the 256 HMAC bits: collision-free for any realistic client population, half the bytes. */
    private static final int HASH_BYTES = 16;

    private final PrivacyMode mode;
    private final int ipv4Prefix;
    private final int ipv6Prefix;
    private final ThreadLocal<Mac> mac;

    /** @param hashKey the HMAC key; only used (and then required) in {@link PrivacyMode#HASH} */
    public ClientAddressAnonymizer(PrivacyMode mode, int ipv4Prefix, int ipv6Prefix, String hashKey) {
        if (ipv4Prefix < 0 || ipv4Prefix > 32 || ipv6Prefix < 0 || ipv6Prefix > 128) {
            throw new IllegalArgumentException("prefix lengths must be 0..32 (IPv4) and 0..128 (IPv6)");
        }
        if (mode == PrivacyMode.HASH && (hashKey == null || hashKey.isBlank())) {
            throw new IllegalArgumentException("privacy mode hash needs a key (broker.dns.privacy.hash-key)");
        }
        this.mode = mode;
        this.ipv4Prefix = ipv4Prefix;
        this.ipv6Prefix = ipv6Prefix;
        SecretKeySpec key = mode == PrivacyMode.HASH
                ? new SecretKeySpec(hashKey.getBytes(StandardCharsets.UTF_8), HMAC) : null;
        this.mac = ThreadLocal.withInitial(() -> newMac(key));
    }

    public PrivacyMode mode() {
        return mode;
    }

    /** The client address as published, or null for none. */
    public String address(InetAddress address) {
        if (address == null) {
            return null;
        }
        byte[] bytes = address.getAddress();
        return switch (mode) {
            case NONE -> IpAddressText.of(bytes);
            case TRUNCATE -> IpAddressText.of(mask(bytes, bytes.length == 4 ? ipv4Prefix : ipv6Prefix));
            case HASH -> hash(bytes);
        };
    }

    /** The client subnet as published ({@code address/prefix}), or null. Truncation never widens the sender's own prefix. */
    public String subnet(ClientSubnet subnet) {
        if (subnet == null || subnet.address() == null) {
            return null;
        }
        byte[] bytes = subnet.address().getAddress();
        int prefix = subnet.sourcePrefixLength();
        return switch (mode) {
            case NONE -> IpAddressText.of(mask(bytes, prefix)) + "/" + prefix;
            case TRUNCATE -> {
                int kept = Math.min(prefix, bytes.length == 4 ? ipv4Prefix : ipv6Prefix);
                yield IpAddressText.of(mask(bytes, kept)) + "/" + kept;
            }
            case HASH -> hash(mask(bytes, prefix)) + "/" + prefix;
        };
    }

    static byte[] mask(byte[] address, int prefixBits) {
        byte[] masked = address.clone();
        int bits = Math.max(0, Math.min(prefixBits, masked.length * 8));
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    private String hash(byte[] bytes) {
        byte[] digest = mac.get().doFinal(bytes);
        return HexFormat.of().formatHex(digest, 0, HASH_BYTES);
    }

    private static Mac newMac(SecretKeySpec key) {
        if (key == null) {
            return null;
        }
        try {
            Mac m = Mac.getInstance(HMAC);
            m.init(key);
            return m;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}

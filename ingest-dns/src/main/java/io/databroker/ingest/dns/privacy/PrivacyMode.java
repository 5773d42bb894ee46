package io.databroker.ingest.dns.privacy;

/** What is published of a client address ({@code broker.dns.privacy.mode}). */
public enum PrivacyMode {
    /** The address as observed. */
    NONE,
    /** Only the network prefix (default /24 for IPv4, /48 for IPv6), host bits zeroed. */
    TRUNCATE,
    /** A keyed HMAC-SHA-256 of the address: the same client always maps to the same value, which cannot be reversed without the key. */
    HASH
}

package io.databroker.enrich.extract;

import java.util.HashMap;
import java.util.Map;

/**
 * Shannon entropy in bits per character of the leftmost label of a DNS name ({@code a1b2c3.example.com} →
 * entropy of {@code a1b2c3}): high for the machine-generated labels of DGA malware and tunnels, low for words.
 */
public final class NameEntropy {

    private NameEntropy() {
    }

    /** 0 for the root and for empty labels. */
    public static double ofLeftmostLabel(String qname) {
        if (qname == null || qname.isEmpty() || qname.equals(".")) {
            return 0;
        }
        int dot = qname.indexOf('.');
        String label = dot < 0 ? qname : qname.substring(0, dot);
        return of(label);
    }

    /** H = −Σ p(c)·log2 p(c) over the characters of {@code text}. */
    static double of(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        text.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        double length = text.codePointCount(0, text.length());
        double entropy = 0;
        for (int count : counts.values()) {
            double p = count / length;
            entropy -= p * (Math.log(p) / Math.log(2));
        }
        // Rounded so that the stored value does not depend on floating-point summation order.
        return Math.round(entropy * 1e6) / 1e6;
    }
}

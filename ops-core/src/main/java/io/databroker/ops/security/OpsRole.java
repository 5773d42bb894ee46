package io.databroker.ops.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

import org.springframework.security.core.GrantedAuthority;

/**
 * The Operations API's roles, weakest first; each includes the ones before it (admin ⊃ operator ⊃ viewer).
 * Users files and JWT {@code roles} claims name them in lower case.
 */
public enum OpsRole {
    VIEWER, OPERATOR, ADMIN;

    /** Spring Security's authority, {@code ROLE_VIEWER} etc. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role as operators write it: {@code viewer}, {@code operator}, {@code admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static OpsRole parse(String text) {
        return find(text).orElseThrow(() -> new IllegalArgumentException(
                "unknown role '" + text + "'; use one of viewer, operator, admin"));
    }

    public static Optional<OpsRole> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.name().equals(wanted)).findFirst();
    }

    /** The strongest role among granted authorities, for the audit log. */
    public static Optional<OpsRole> strongest(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority)
                .flatMap(a -> Arrays.stream(values()).filter(r -> r.authority().equals(a)))
                .max(Enum::compareTo);
    }

    /** Spring Security's role hierarchy expression for {@code RoleHierarchyImpl.fromHierarchy}. */
    static String hierarchy() {
        return ADMIN.authority() + " > " + OPERATOR.authority() + "\n" + OPERATOR.authority() + " > " + VIEWER.authority();
    }
}

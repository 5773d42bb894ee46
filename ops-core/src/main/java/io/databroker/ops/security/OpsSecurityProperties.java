package io.databroker.ops.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How callers of {@code /ops/**} authenticate, bound from {@code broker.ops.*}. ops-core maps the documented
 * environment variables onto these properties (see {@code ops-defaults.properties}). Neither users nor JWT
 * configured = every {@code /ops/**} call is refused.
 *
 * @param usersFile    file of {@code name:{bcrypt}hash:role} lines for HTTP basic (env {@code BROKER_OPS_USERS_FILE})
 * @param jwtPublicKey PEM file with the RSA public key that signs bearer JWTs (env {@code BROKER_OPS_JWT_PUBLIC_KEY})
 * @param jwtIssuerUri OpenID issuer whose published keys sign bearer JWTs; the token's {@code iss} must match it
 *                     (env {@code BROKER_OPS_JWT_ISSUER_URI})
 * @param jwtRolesClaim claim holding the caller's roles, a list or a space-separated string
 *                     (env {@code BROKER_OPS_JWT_ROLES_CLAIM})
 */
@ConfigurationProperties("broker.ops")
public record OpsSecurityProperties(String usersFile, String jwtPublicKey, String jwtIssuerUri,
                                    @DefaultValue("roles") String jwtRolesClaim) {

    public OpsSecurityProperties {
        usersFile = blankToNull(usersFile);
        jwtPublicKey = blankToNull(jwtPublicKey);
        jwtIssuerUri = blankToNull(jwtIssuerUri);
        jwtRolesClaim = blankToNull(jwtRolesClaim) == null ? "roles" : jwtRolesClaim.strip();
    }

    public boolean jwtConfigured() {
        return jwtPublicKey != null || jwtIssuerUri != null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

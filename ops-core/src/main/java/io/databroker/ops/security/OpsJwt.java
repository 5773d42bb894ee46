package io.databroker.ops.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * Bearer JWTs for the Operations API: a decoder that checks the signature (a configured RSA public key, or the keys
 * an OpenID issuer publishes) and expiry, and a converter that grants the roles named in the roles claim.
 */
public final class OpsJwt {

    private OpsJwt() {
    }

    /**
     * The decoder for the configured key or issuer. An issuer's keys are fetched on the first token, not at start,
     * so the service starts while the identity provider is away.
     *
     * @throws IllegalStateException when the key file cannot be read or is no RSA public key
     */
    public static JwtDecoder decoder(OpsSecurityProperties properties) {
        if (properties.jwtPublicKey() != null) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(readPublicKey(Path.of(properties.jwtPublicKey()))).build();
            if (properties.jwtIssuerUri() != null) {
                decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.jwtIssuerUri()));
            }
            return decoder;
        }
        Supplier<JwtDecoder> fromIssuer = memoize(() -> NimbusJwtDecoder.withIssuerLocation(properties.jwtIssuerUri()).build());
        return token -> fromIssuer.get().decode(token);
    }

    /** Principal = {@code sub}; authorities = the known roles in {@code rolesClaim} (unknown ones are ignored). */
    public static JwtAuthenticationConverter authenticationConverter(String rolesClaim) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles(rolesClaim));
        return converter;
    }

    static Converter<Jwt, Collection<GrantedAuthority>> roles(String rolesClaim) {
        return jwt -> {
            Object claim = jwt.getClaims().get(rolesClaim);
            List<String> names;
            if (claim instanceof Collection<?> list) {
                names = list.stream().map(String::valueOf).toList();
            } else if (claim instanceof String text) {
                names = List.of(text.trim().split("\\s+"));
            } else {
                names = List.of();
            }
            return names.stream().map(OpsRole::find).flatMap(Optional::stream)
                    .<GrantedAuthority>map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        };
    }

    private static RSAPublicKey readPublicKey(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return RsaKeyConverters.x509().convert(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read an RSA public key (PEM, BEGIN PUBLIC KEY) from " + file
                    + " (BROKER_OPS_JWT_PUBLIC_KEY): " + e.getMessage(), e);
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}

package io.databroker.ops.security;

import jakarta.servlet.DispatcherType;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call what (the Operations API contract), in the order Spring Security checks it, first match wins:
 * health and Prometheus open; {@code GET /ops/rehydrate} viewer; anything else on rehydrate and config admin;
 * {@code GET /ops/**} viewer; other methods on backfill and replay operator; any other {@code /ops/**} call admin
 * (a new mutating endpoint is admin-only until the table names it); everything else needs some authenticated user.
 * Roles include weaker ones (admin ⊃ operator ⊃ viewer) through the role hierarchy.
 */
public final class OpsAccessRules {

    /** Paths open to anyone: liveness/readiness probes and the Prometheus scrape. */
    public static final String[] OPEN_PATHS = {"/actuator/health", "/actuator/health/**", "/health", "/health/**",
            "/actuator/prometheus"};

    private OpsAccessRules() {
    }

    public static void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules
                // Error pages of requests that were already authorized (e.g. a 400 for unreadable JSON).
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers(OPEN_PATHS).permitAll() // served by the open chain; kept so the table reads whole
                .requestMatchers(HttpMethod.GET, "/ops/rehydrate/**").hasRole(OpsRole.VIEWER.name())
                .requestMatchers("/ops/rehydrate/**", "/ops/config/**").hasRole(OpsRole.ADMIN.name())
                .requestMatchers(HttpMethod.GET, "/ops/**").hasRole(OpsRole.VIEWER.name())
                .requestMatchers("/ops/backfill/**", "/ops/replay/**").hasRole(OpsRole.OPERATOR.name())
                .requestMatchers("/ops/**").hasRole(OpsRole.ADMIN.name())
                .anyRequest().authenticated();
    }
}

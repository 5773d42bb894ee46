package io.databroker.ops;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;

import io.databroker.ops.audit.AuditLogFilter;
import io.databroker.ops.security.OpsAccessRules;
import io.databroker.ops.security.OpsJwt;
import io.databroker.ops.security.OpsRole;
import io.databroker.ops.security.OpsSecurityProperties;
import io.databroker.ops.security.UsersFile;
import io.databroker.ops.web.HealthPathAliases;
import io.databroker.ops.web.OpsConfigController;
import io.databroker.ops.web.OpsExceptionHandler;

/**
 * Secures every service the same way (the Operations API contract): one stateless security filter chain with the
 * {@link OpsAccessRules}, HTTP basic against the users file and/or bearer JWT, the audit log filter, the
 * {@link JobRunner} the services' ops controllers share, {@code GET /ops/config}, and the JSON answers for their errors. A service gets all
 * of it by depending on {@code ops-core}.
 */
@AutoConfiguration(before = {ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties(OpsSecurityProperties.class)
@PropertySource("classpath:io/databroker/ops/ops-defaults.properties")
public class OpsAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OpsAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    JobRunner jobRunner() {
        return new JobRunner(Clock.systemUTC());
    }

    /** The users of the users file (none without one); also keeps Boot from creating its generated-password user. */
    @Bean
    InMemoryUserDetailsManager opsUsers(OpsSecurityProperties properties) {
        List<UserDetails> users = properties.usersFile() == null ? List.of() : UsersFile.read(Path.of(properties.usersFile()));
        if (properties.usersFile() == null && !properties.jwtConfigured()) {
            log.warn("Operations API locked: neither BROKER_OPS_USERS_FILE nor BROKER_OPS_JWT_PUBLIC_KEY / "
                    + "BROKER_OPS_JWT_ISSUER_URI is set, so every /ops/** call is refused (health and metrics stay open)");
        } else {
            log.info("Operations API: {} user(s) from {}, bearer JWT {}", users.size(),
                    properties.usersFile() == null ? "no users file" : properties.usersFile(),
                    properties.jwtPublicKey() != null ? "signed by the key in " + properties.jwtPublicKey()
                            : properties.jwtIssuerUri() != null ? "from issuer " + properties.jwtIssuerUri() : "off");
        }
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    static RoleHierarchy opsRoleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(OpsRole.ADMIN.name()).implies(OpsRole.OPERATOR.name())
                .role(OpsRole.OPERATOR.name()).implies(OpsRole.VIEWER.name())
                .build();
    }

    /**
     * Health and Prometheus: open, and credentials sent to them are ignored rather than checked, so a probe or scraper
     * with stale credentials still gets its answer.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain opsOpenPathsFilterChain(HttpSecurity http) throws Exception {
        return http.securityMatcher(OpsAccessRules.OPEN_PATHS)
                .authorizeHttpRequests(rules -> rules.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityFilterChain opsSecurityFilterChain(HttpSecurity http, OpsSecurityProperties properties) throws Exception {
        http.authorizeHttpRequests(OpsAccessRules::apply)
                // A stateless JSON API for scripts and the CLI: no cookies, hence no CSRF to defend against.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .httpBasic(basic -> basic.realmName("databroker-ops"))
                .addFilterBefore(AuditLogFilter.capture(), ExceptionTranslationFilter.class);
        if (properties.jwtConfigured()) {
            http.oauth2ResourceServer(oauth -> oauth.jwt(jwt -> jwt.decoder(OpsJwt.decoder(properties))
                    .jwtAuthenticationConverter(OpsJwt.authenticationConverter(properties.jwtRolesClaim()))));
        }
        return http.build();
    }

    /** Outside (before) the security filter chain, so refused calls are audited too. */
    @Bean
    FilterRegistrationBean<AuditLogFilter> opsAuditLogFilter() {
        FilterRegistrationBean<AuditLogFilter> registration = new FilterRegistrationBean<>(new AuditLogFilter());
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    /** {@code GET /ops/config}, the same in every service. */
    @Bean
    OpsConfigController opsConfigController(ConfigurableEnvironment environment) {
        return new OpsConfigController(environment);
    }

    /** {@code /health}, {@code /health/live}, {@code /health/ready} of ARCHITECTURE §10, the same in every service. */
    @Bean
    HealthPathAliases healthPathAliases() {
        return new HealthPathAliases();
    }

    @Bean
    OpsExceptionHandler opsExceptionHandler() {
        return new OpsExceptionHandler();
    }
}

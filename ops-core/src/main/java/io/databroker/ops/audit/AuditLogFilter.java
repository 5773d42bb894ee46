package io.databroker.ops.audit;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;

import io.databroker.ops.security.OpsRole;
import io.databroker.shared.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes one JSON line to the logger {@code io.databroker.ops.audit} for every mutating call on {@code /ops/**}
 * (any method but GET, HEAD, OPTIONS), refused ones included: who, role, method, path, parameters (query and JSON
 * body, secrets masked) and outcome (HTTP status). It sits outside the security filter chain so that it also sees
 * 401 and 403; {@link #capture()} is the small filter inside the chain that tells it who the caller turned out to be.
 */
public final class AuditLogFilter extends OncePerRequestFilter {

    /** The audit logger's name, for log routing. */
    public static final String LOGGER = "io.databroker.ops.audit";
    private static final Logger audit = LoggerFactory.getLogger(LOGGER);
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String CALLER = AuditLogFilter.class.getName() + ".caller";
    private static final int MAX_BODY = 64 * 1024;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return READ_METHODS.contains(request.getMethod()) || !(path.equals("/ops") || path.startsWith("/ops/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingRequestWrapper cached = new ContentCachingRequestWrapper(request, MAX_BODY);
        try {
            chain.doFilter(cached, response);
        } finally {
            audit.atInfo().addKeyValue("event.category", "ops_audit").log(line(cached, response.getStatus()));
        }
    }

    private static String line(ContentCachingRequestWrapper request, int status) {
        ObjectNode line = Json.mapper().createObjectNode();
        Authentication caller = (Authentication) request.getAttribute(CALLER);
        line.put("who", caller == null ? null : caller.getName());
        line.put("role", caller == null ? null : OpsRole.strongest(caller.getAuthorities()).map(OpsRole::label).orElse(null));
        line.put("method", request.getMethod());
        line.put("path", request.getRequestURI());
        ObjectNode parameters = line.putObject("parameters");
        request.getParameterMap().forEach((name, values) ->
                parameters.put(name, SecretMasker.isSecret(name) ? SecretMasker.MASK : String.join(",", values)));
        byte[] body = request.getContentAsByteArray();
        if (body.length > 0) {
            parameters.set("body", body(body));
        }
        line.put("status", status);
        line.put("outcome", status < 400 ? "success" : status == 401 || status == 403 ? "denied" : "failure");
        return Json.mapper().writeValueAsString(line);
    }

    private static JsonNode body(byte[] body) {
        try {
            return SecretMasker.mask(Json.mapper().readTree(body));
        } catch (JacksonException e) {
            // Not JSON: its content could be anything, so only its size is logged.
            return Json.mapper().getNodeFactory().textNode(body.length + " bytes, not JSON");
        }
    }

    /** Placed in the security chain after authentication: remembers the authenticated caller for the audit line. */
    public static OncePerRequestFilter capture() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication != null && authentication.isAuthenticated()
                        && !"anonymousUser".equals(authentication.getPrincipal())) {
                    request.setAttribute(CALLER, authentication);
                }
                chain.doFilter(request, response);
            }
        };
    }
}

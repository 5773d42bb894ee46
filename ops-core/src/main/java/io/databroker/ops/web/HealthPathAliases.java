package io.databroker.ops.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The short health paths of ARCHITECTURE §10 ({@code /health}, {@code /health/live}, {@code /health/ready}), forwarded
 * to the actuator's groups: Boot's {@code additional-path} accepts a single path segment only. Every service gets them
 * from ops-core, which also keeps them open.
 */
@Controller
public class HealthPathAliases {

    @GetMapping("/health")
    public String health() {
        return "forward:/actuator/health";
    }

    @GetMapping("/health/live")
    public String live() {
        return "forward:/actuator/health/liveness";
    }

    @GetMapping("/health/ready")
    public String ready() {
        return "forward:/actuator/health/readiness";
    }
}

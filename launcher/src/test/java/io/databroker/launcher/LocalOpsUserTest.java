package io.databroker.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

class LocalOpsUserTest {

    @TempDir
    Path data;

    @Test
    void firstStartGeneratesAnAdminWhosePasswordMatchesTheHashAndOnlyTheOwnerCanRead() throws IOException {
        LocalOpsUser user = LocalOpsUser.ensure(data, Map.of());

        String[] credentials = Files.readString(user.credentialsFile(), StandardCharsets.UTF_8).strip().split(":", 2);
        String usersLine = Files.readAllLines(user.usersFile()).stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        String[] fields = usersLine.split(":");
        assertThat(credentials[0]).isEqualTo("admin");
        assertThat(credentials[1]).hasSizeGreaterThanOrEqualTo(24);
        assertThat(fields[0]).isEqualTo("admin");
        assertThat(fields[2]).isEqualTo("admin");
        assertThat(fields[1]).startsWith("{bcrypt}");
        assertThat(BCrypt.checkpw(credentials[1], fields[1].substring("{bcrypt}".length()))).isTrue();
        assertThat(Files.getPosixFilePermissions(user.credentialsFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(user.usersFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void laterStartsKeepThePassword() throws IOException {
        LocalOpsUser first = LocalOpsUser.ensure(data, Map.of());
        String credentials = Files.readString(first.credentialsFile());

        LocalOpsUser second = LocalOpsUser.ensure(data, Map.of());

        assertThat(Files.readString(second.credentialsFile())).isEqualTo(credentials);
    }

    @Test
    void aUserWithTheirOwnAuthenticationGetsNothingGenerated() {
        assertThat(LocalOpsUser.ensure(data, Map.of("BROKER_OPS_USERS_FILE", "/etc/databroker/ops-users"))).isNull();
        assertThat(LocalOpsUser.ensure(data, Map.of("BROKER_OPS_JWT_PUBLIC_KEY", "/etc/databroker/jwt.pem"))).isNull();
        assertThat(data.resolve("ops")).doesNotExist();
    }
}

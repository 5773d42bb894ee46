package io.databroker.ops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCrypt;

class UsersFileTest {

    @TempDir
    Path dir;

    private final String hash = "{bcrypt}" + BCrypt.hashpw("s3cret-pw", BCrypt.gensalt(4));

    @Test
    void readsUsersWithTheirRoleSkippingCommentsAndBlankLines() throws IOException {
        Path file = Files.writeString(dir.resolve("users"), "# operators\n\nada:" + hash + ":admin\n  vera:" + hash + ":Viewer  \n");

        List<UserDetails> users = UsersFile.read(file);

        assertThat(users).extracting(UserDetails::getUsername).containsExactly("ada", "vera");
        assertThat(users.get(0).getAuthorities()).extracting(a -> a.getAuthority()).containsExactly("ROLE_ADMIN");
        assertThat(users.get(1).getAuthorities()).extracting(a -> a.getAuthority()).containsExactly("ROLE_VIEWER");
    }

    @Test
    void refusesClearTextPasswordsWithoutEchoingThem() throws IOException {
        Path file = Files.writeString(dir.resolve("users"), "ada:{noop}clear-text-pw:admin\n");

        assertThatThrownBy(() -> UsersFile.read(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 1").hasMessageContaining("{bcrypt}")
                .hasMessageNotContaining("clear-text-pw");
    }

    @Test
    void refusesUnknownRolesDuplicatesAndMissingFiles() throws IOException {
        assertThatThrownBy(() -> UsersFile.read(Files.writeString(dir.resolve("a"), "ada:" + hash + ":root\n")))
                .hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> UsersFile.read(Files.writeString(dir.resolve("b"), "ada:" + hash + ":admin\nada:" + hash + ":viewer\n")))
                .hasMessageContaining("'ada' appears twice");
        assertThatThrownBy(() -> UsersFile.read(dir.resolve("absent")))
                .hasMessageContaining("BROKER_OPS_USERS_FILE");
    }
}

package io.databroker.hot.index;

import java.time.LocalDate;

/** Where one document goes: its daily index, its {@code _id} and the event day that chose the index. */
public record IndexTarget(String index, String id, LocalDate eventDate) {
}

package io.databroker.hot.pipeline;

import java.util.Locale;

/** Why a valid document was deliberately not written; the lower_snake name is the {@code reason} metric tag. */
public enum SkipReason {
    /** Its daily index would already be past retention (see {@code HotWindow}). */
    OUTSIDE_HOT_WINDOW;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.forkline.reports.run;

/** A marked moment of a scenario: milliseconds from the measured window's opening, a kind ({@code bgsave-sent}, {@code fork}...) and detail. */
public record RunEvent(double tMillis, String kind, String detail) {
}

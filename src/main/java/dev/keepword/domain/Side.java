package dev.keepword.domain;

/** Which side of an engagement a party is on. */
public enum Side {
    CLIENT, CONSULTANT
}

/**
 * The pure heart of Keepword: commitments, parties, engagements, agreements, the /commit language and due
 * phrases. Imports nothing but {@code java.*}; time is always an argument.
 */
package dev.keepword.domain;

/**
 * Keepword in Microsoft Teams: the Bot Framework protocol spoken directly over OkHttp (there is no maintained Java
 * SDK). Inbound activities on {@code POST /api/messages} are verified (JWT, {@link dev.keepword.teams.TeamsAuth}) before
 * anything is parsed, turned into use-case calls by {@link dev.keepword.teams.TeamsBot}, and answered with Adaptive
 * Cards rendered by {@link dev.keepword.teams.TeamsCards}; outbound messages go through {@link dev.keepword.teams.TeamsChat}.
 */
package dev.keepword.teams;

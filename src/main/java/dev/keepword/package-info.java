/** Keepword's entry point ({@link dev.keepword.Keepword}) and composition root ({@link dev.keepword.Wiring}). */
package dev.keepword;

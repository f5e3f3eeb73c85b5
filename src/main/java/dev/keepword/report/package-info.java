/**
 * Reports as files: the weekly summary's on-time chart, drawn with XChart as a PNG behind the app's
 * {@link dev.keepword.app.ChartRenderer} port.
 */
package dev.keepword.report;

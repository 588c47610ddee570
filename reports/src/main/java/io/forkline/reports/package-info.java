/**
 * Run folders (HdrHistogram logs and metadata) turned into HTML reports and text summaries (issue: bench and reports).
 */
package io.forkline.reports;

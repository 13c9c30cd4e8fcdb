/** Small bounded caches for values that are costly to recompute and can always be recomputed. */
package dev.pds.server.cache;

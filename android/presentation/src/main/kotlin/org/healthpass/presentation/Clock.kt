package org.healthpass.presentation

/** The phone's clock as the core wants it: Unix seconds, UTC. Tests pass a fixed clock. */
fun interface Clock {
    /** Seconds since 1970-01-01T00:00:00Z. */
    fun nowUnixSeconds(): Long

    companion object {
        /** The system clock. */
        val SYSTEM = Clock { System.currentTimeMillis() / 1000 }
    }
}

package org.healthpass.presentation

import org.healthpass.core.decodeFrame

/**
 * The first QR text in a camera frame (8-bit luma plane), or null when the frame holds none.
 * Throws the core's refusal for a frame whose geometry does not fit its bytes.
 */
internal fun firstCode(luma: ByteArray, width: Int, height: Int, rowStride: Int): String? =
    decodeFrame(luma, width.toUInt(), height.toUInt(), rowStride.toUInt()).firstOrNull()

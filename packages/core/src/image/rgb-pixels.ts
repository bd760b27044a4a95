/** RGB pixels, 8 bits per channel, interleaved: decoded frames and images, and extracted faces. */
export interface RgbPixels {
  width: number;
  height: number;
  data: Uint8Array;
}

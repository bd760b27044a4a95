/** Pixels of any channel count, interleaved: an 8-bit frame or a float Image. */
export interface PixelGrid {
  width: number;
  height: number;
  channels: number;
  data: ArrayLike<number>;
}

// Replaced by the SRX engine.
public enum SegmentationPlaceholder {}

import ArgumentParser
struct Tandem: ParsableCommand {}
Tandem.main()

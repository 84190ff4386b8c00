"""Storage: files written atomically with a backup beside them, the TinyDB storage over one
validated JSON file, and the days tree with the one reader and writer of a day file. The only
package that imports TinyDB and filelock."""

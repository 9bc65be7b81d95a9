"""Product images: checking and re-encoding with Pillow; storing on Cloudinary or local disk."""

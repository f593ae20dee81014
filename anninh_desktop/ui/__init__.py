"""The Qt window: views, controllers, item models. The only package (with app.py) that imports Qt."""

"""Widgets that draw plain data (a day, a time box, heatmap cells); none reads the store."""

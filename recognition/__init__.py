"""The pure core of the Kosovo Recognition Atlas: data, validation and computations, no Dash."""

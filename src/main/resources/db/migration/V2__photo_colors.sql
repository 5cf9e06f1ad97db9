-- The dominant colours of each processed photo, queried by hue for the gallery.
CREATE TABLE photo_colors (
    photo_uuid uuid     NOT NULL REFERENCES photos (uuid),
    rank       smallint NOT NULL,
    red        smallint NOT NULL,
    green      smallint NOT NULL,
    blue       smallint NOT NULL,
    hue        smallint NOT NULL CHECK (hue BETWEEN 0 AND 359),
    saturation real     NOT NULL,
    lightness  real     NOT NULL,
    weight     real     NOT NULL,
    PRIMARY KEY (photo_uuid, rank)
);
CREATE INDEX photo_colors_hue ON photo_colors (hue);

-- Gallery pages are the newest completed photos; this keeps them an index scan.
CREATE INDEX photos_gallery ON photos (created_at DESC, uuid DESC) WHERE status = 'completed' AND deleted_at IS NULL;

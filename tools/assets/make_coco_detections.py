#!/usr/bin/python3
"""Seeded COCO inputs for Assay's detection tests: detections for a real ground truth, plus two synthetic data sets.

Run with Debian's Python from the repository root:

    /usr/bin/python3 tools/assets/make_coco_detections.py

Needs Debian package python3-numpy. Reads tests/assets/coco/labelme_annotations.json (copied from Debian's
labelme-examples, see tests/assets/coco/README.md) and writes, under tests/assets/coco/:

- labelme_detections.json: for each ground-truth box, maybe a jittered detection (15 % dropped), sometimes a
  duplicate or a wrong label; random false positives on every image, some for category 0, which has no ground
  truth; scores rounded to 2 decimals, so some tie, and a few exact copies of a neighbour's score.
- labelme_detections_equal_scores.json: the same boxes, every score 0.5 (every rank decided by ties).
- synthetic_crowd_gt.json / synthetic_crowd_detections.json: 30 images with unsorted ids, 5 categories listed out
  of order, objects of every size with an `area` field below the box area, some areas exactly 32² and 96², 10 %
  crowd regions with several detections inside; scores rounded to 1 decimal (many ties); one image with 150
  detections of one category (over the 100 limit); detections at IoU 0.5 and 0.75 with their ground truth up to
  rounding, so whether they match depends on the last bits of the IoU.
- synthetic_zero_ids_gt.json / synthetic_zero_ids_detections.json: image, category and annotation ids that start
  at 0 (pycocotools reads a match to annotation 0 as no match), mostly small objects, a category with no objects.

Every file is written with sorted keys and Python's float repr, so a rerun gives identical bytes.
"""

import json
import os

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
COCO = os.path.join(REPO, "tests", "assets", "coco")


def write(name, data):
    with open(os.path.join(COCO, name), "w", encoding="utf-8") as f:
        json.dump(data, f, sort_keys=True, separators=(",", ":"))
        f.write("\n")


def jitter(rng, box, scale):
    x, y, w, h = box
    return [
        round(float(x + rng.normal(0, scale * w)), 2),
        round(float(y + rng.normal(0, scale * h)), 2),
        round(float(max(1.0, w * (1 + rng.normal(0, scale)))), 2),
        round(float(max(1.0, h * (1 + rng.normal(0, scale)))), 2),
    ]


def random_box(rng, width, height, side_low, side_high):
    w = float(np.exp(rng.uniform(np.log(side_low), np.log(side_high))))
    h = float(np.exp(rng.uniform(np.log(side_low), np.log(side_high))))
    x = float(rng.uniform(0, max(1.0, width - w)))
    y = float(rng.uniform(0, max(1.0, height - h)))
    return [round(x, 1), round(y, 1), round(w, 1), round(h, 1)]


def labelme_detections(gt, seed):
    rng = np.random.default_rng(seed)
    sizes = {im["id"]: (im["width"], im["height"]) for im in gt["images"]}
    category_ids = [c["id"] for c in gt["categories"]]
    dets = []
    for ann in gt["annotations"]:
        if rng.random() < 0.15:
            continue
        category = ann["category_id"]
        if rng.random() < 0.1:
            category = int(rng.choice(category_ids))
        dets.append({"image_id": ann["image_id"], "category_id": category,
                     "bbox": jitter(rng, ann["bbox"], 0.08), "score": round(float(rng.uniform(0.3, 1.0)), 2)})
        if rng.random() < 0.3:
            dets.append({"image_id": ann["image_id"], "category_id": category,
                         "bbox": jitter(rng, ann["bbox"], 0.2), "score": round(float(rng.uniform(0.1, 0.7)), 2)})
    for im in gt["images"]:
        width, height = sizes[im["id"]]
        for _ in range(int(rng.integers(2, 7))):
            category = 0 if rng.random() < 0.2 else int(rng.choice(category_ids))
            dets.append({"image_id": im["id"], "category_id": category,
                         "bbox": random_box(rng, width, height, 10, 300), "score": round(float(rng.uniform(0.0, 0.8)), 2)})
    # Exact ties with a neighbour, on top of the ones rounding makes.
    for i in range(1, len(dets), 4):
        dets[i]["score"] = dets[i - 1]["score"]
    order = rng.permutation(len(dets))
    return [dets[i] for i in order]


def synthetic_gt(rng, images, category_ids, first_id, crowd_rate, side_low, side_high):
    image_ids = [first_id + 3 * int(i) for i in rng.permutation(images)]
    data = {"images": [{"id": i, "file_name": f"synthetic_{i}.jpg", "width": 640, "height": 480} for i in image_ids],
            "categories": [{"id": c, "name": f"class_{c}", "supercategory": "synthetic"} for c in category_ids],
            "annotations": []}
    annotated = [c for c in category_ids if c != category_ids[-1]] if first_id == 0 else list(category_ids)
    next_id = first_id
    for image_id in image_ids:
        for _ in range(int(rng.integers(0, 9))):
            crowd = rng.random() < crowd_rate
            box = random_box(rng, 640, 480, 60 if crowd else side_low, 400 if crowd else side_high)
            area = round(box[2] * box[3] * float(rng.uniform(0.5, 1.0)), 2)
            if rng.random() < 0.05:
                area = float(rng.choice([32 ** 2, 96 ** 2]))
            data["annotations"].append({"id": next_id, "image_id": image_id, "category_id": int(rng.choice(annotated)),
                                        "bbox": box, "area": area, "iscrowd": int(crowd), "segmentation": []})
            next_id += 1
    return data


def synthetic_detections(rng, gt, crowd_detections):
    category_ids = [c["id"] for c in gt["categories"]]
    dets = []
    for ann in gt["annotations"]:
        x, y, w, h = ann["bbox"]
        if ann["iscrowd"]:
            for _ in range(crowd_detections):
                sw, sh = w * float(rng.uniform(0.1, 0.4)), h * float(rng.uniform(0.1, 0.4))
                dets.append({"image_id": ann["image_id"], "category_id": ann["category_id"],
                             "bbox": [round(x + float(rng.uniform(0, w - sw)), 1), round(y + float(rng.uniform(0, h - sh)), 1),
                                      round(sw, 1), round(sh, 1)],
                             "score": round(float(rng.uniform(0.05, 1.0)), 1)})
            continue
        kind = rng.random()
        if kind < 0.1:
            bbox = [x, y, w / 2, h]          # IoU 0.5 up to rounding: matching hinges on the last bits
        elif kind < 0.2:
            bbox = [x, y, w * 0.75, h]       # IoU 0.75 up to rounding
        elif kind < 0.3:
            bbox = list(ann["bbox"])         # IoU 1
        elif kind < 0.85:
            bbox = jitter(rng, ann["bbox"], 0.1)
        else:
            continue
        dets.append({"image_id": ann["image_id"], "category_id": ann["category_id"], "bbox": bbox,
                     "score": round(float(rng.uniform(0.05, 1.0)), 1)})
        if rng.random() < 0.15:
            dets.append({"image_id": ann["image_id"], "category_id": ann["category_id"],
                         "bbox": jitter(rng, ann["bbox"], 0.15), "score": round(float(rng.uniform(0.05, 1.0)), 1)})
    for im in gt["images"]:
        for _ in range(int(rng.poisson(3))):
            dets.append({"image_id": im["id"], "category_id": int(rng.choice(category_ids)),
                         "bbox": random_box(rng, 640, 480, 4, 300), "score": round(float(rng.uniform(0.0, 0.9)), 1)})
    return dets


def crowded_image(rng, gt, count):
    """count detections of one category on the image with most objects, scores from a few values (ties at the cut)."""
    per_image = {}
    for ann in gt["annotations"]:
        per_image.setdefault(ann["image_id"], []).append(ann)
    image_id = max(per_image, key=lambda i: (len(per_image[i]), -i))
    category = per_image[image_id][0]["category_id"]
    targets = [a for a in per_image[image_id] if a["category_id"] == category]
    dets = []
    for i in range(count):
        target = targets[i % len(targets)]
        dets.append({"image_id": image_id, "category_id": category, "bbox": jitter(rng, target["bbox"], 0.3),
                     "score": float(rng.choice([0.9, 0.6, 0.3, 0.3]))})
    return dets


def main():
    with open(os.path.join(COCO, "labelme_annotations.json"), encoding="utf-8") as f:
        labelme = json.load(f)
    dets = labelme_detections(labelme, seed=20261123)
    write("labelme_detections.json", dets)
    write("labelme_detections_equal_scores.json", [dict(d, score=0.5) for d in dets])

    rng = np.random.default_rng(7)
    crowd_gt = synthetic_gt(rng, 30, [12, 3, 1, 7, 5], first_id=1, crowd_rate=0.1, side_low=8, side_high=250)
    crowd_dets = synthetic_detections(rng, crowd_gt, crowd_detections=3) + crowded_image(rng, crowd_gt, 150)
    write("synthetic_crowd_gt.json", crowd_gt)
    write("synthetic_crowd_detections.json", [crowd_dets[i] for i in rng.permutation(len(crowd_dets))])

    rng = np.random.default_rng(11)
    zero_gt = synthetic_gt(rng, 12, [0, 1, 2, 3], first_id=0, crowd_rate=0.05, side_low=3, side_high=60)
    zero_dets = synthetic_detections(rng, zero_gt, crowd_detections=2)
    write("synthetic_zero_ids_gt.json", zero_gt)
    write("synthetic_zero_ids_detections.json", [zero_dets[i] for i in rng.permutation(len(zero_dets))])


if __name__ == "__main__":
    main()

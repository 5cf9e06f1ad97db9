package dev.darkroom.gallery;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.image.ImageProblems;
import reactor.core.publisher.Mono;
import dev.darkroom.security.Caller;

/** The gallery's delete for scripted clients; open galleries see it as the socket's delete. */
@RestController
@Tag(name = "Images")
class GalleryController {

    private final ImageDeletion deletion;

    GalleryController(ImageDeletion deletion) {
        this.deletion = deletion;
    }

    @Operation(operationId = "deleteImage", summary = "Delete an image (soft): it leaves listings and galleries")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/api/images/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable UUID id) {
        return Caller.currentOwner().flatMap(owner -> deletion.delete(owner, id)).map(deleted -> {
            if (!deleted) {
                throw ImageProblems.notFound(id);
            }
            return ResponseEntity.noContent().<Void>build();
        });
    }
}
